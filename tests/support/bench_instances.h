// Benchmark instance texts shared by tests (formats in bench/instances/README.md).
#pragma once

namespace kerf::testing {

// Fisher-Thompson ft06 in the JSSP text format: 6 jobs x 6 machines, optimum makespan 55.
inline constexpr const char* kFt06 =
    "6 6\n"
    "2  1  0  3  1  6  3  7  5  3  4  6\n"
    "1  8  2  5  4 10  5 10  0 10  3  4\n"
    "2  5  3  4  5  8  0  9  1  1  4  7\n"
    "1  5  0  5  2  5  3  3  4  8  5  9\n"
    "2  9  1  3  4  5  5  4  0  3  3  1\n"
    "1  3  3  3  5  9  0 10  4  4  2  1\n";

}  // namespace kerf::testing
