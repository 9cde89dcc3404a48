// Normalised signal names: the vocabulary every source maps its protocol's names to, and the
// transforms and sinks understand. docs/machine_signals.md specifies each (type, unit, values).
#pragma once

namespace kerf::ingest::signals {

// --- machine state inputs (state_machine.h) ---
inline constexpr const char* kAvailability = "availability";  // text AVAILABLE | UNAVAILABLE
inline constexpr const char* kEmergencyStop = "estop";        // text ARMED | TRIGGERED
// text: MTConnect EXECUTION vocabulary ACTIVE, READY, INTERRUPTED, FEED_HOLD, STOPPED,
// OPTIONAL_STOP, PROGRAM_STOPPED, PROGRAM_COMPLETED, WAIT
inline constexpr const char* kExecution = "execution";
// text: AUTOMATIC, MANUAL, MANUAL_DATA_INPUT, SEMI_AUTOMATIC, EDIT
inline constexpr const char* kControllerMode = "mode";
inline constexpr const char* kRunning = "running";  // bool (OPC UA punch, polishing station)
inline constexpr const char* kSetup = "setup";      // bool: changeover in progress
// text "<level>|<native code>|<text>", level NORMAL | WARNING | FAULT; a FAULT means DOWN until
// a NORMAL for the same native code (or an empty code: all) clears it.
inline constexpr const char* kAlarm = "alarm";

// --- production ---
inline constexpr const char* kPartCount = "part_count";  // int, cumulative counter (may reset)
inline constexpr const char* kCycleComplete = "cycle_complete";  // bool pulse: one part done
inline constexpr const char* kInspection = "inspection";         // text pass | fail | rework
inline constexpr const char* kProgram = "program";               // text, NC / nest program name
inline constexpr const char* kSpeedOverride = "speed_override";  // double percent (100 = nominal)

// --- punch (OPC UA) ---
inline constexpr const char* kStrokeCount = "stroke_count";              // int, cumulative
inline constexpr const char* kStrokesPerMinute = "strokes_per_minute";  // double
inline constexpr const char* kToolNumber = "tool";                       // text, mounted tool code
inline constexpr const char* kTonnage = "tonnage";                       // double, metric tons

// --- welding (MQTT) ---
inline constexpr const char* kArcOn = "arc";           // bool (arc on = RUN)
inline constexpr const char* kWeldCurrent = "current";  // double A
inline constexpr const char* kWeldVoltage = "voltage";  // double V
inline constexpr const char* kWireFeed = "wire_feed";   // double m/min
inline constexpr const char* kGasFlow = "gas_flow";     // double l/min
inline constexpr const char* kWelderId = "welder";      // text, badge or user name
inline constexpr const char* kWpsId = "wps";            // text, weld procedure spec code

// --- scan stations (barcode/RFID) ---
inline constexpr const char* kScan = "scan";  // text: the scanned code (docs/machine_signals.md)

// --- derived by transforms (never sent by sources) ---
inline constexpr const char* kState = "state";             // text model::MachineState name
inline constexpr const char* kPartsDelta = "parts_delta";  // int > 0 parts since last sample
inline constexpr const char* kStrokesDelta = "strokes_delta";  // int > 0 strokes since last
inline constexpr const char* kCycleTime = "cycle_s";           // double s between part events

}  // namespace kerf::ingest::signals
