#include "kerf/core/child_process.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace kerf {
namespace {

std::string temp_log(const char* name) {
  return (std::filesystem::temp_directory_path() /
          (std::string(name) + "-" + std::to_string(::getpid()) + ".log"))
      .string();
}

TEST(ChildProcessTest, LinesWrittenToStdinReachTheChildAndItsLog) {
  auto child = ChildProcess::start({"cat"}, temp_log("kerf-child-cat"), "", true);
  ASSERT_TRUE(child) << child.error().message;
  ASSERT_TRUE((*child)->write_line("ready 42"));
  auto port = (*child)->wait_for_line(
      [](const std::string& line) -> std::optional<std::string> {
        if (line.rfind("ready ", 0) == 0) return line.substr(6);
        return std::nullopt;
      },
      std::chrono::seconds(30));
  ASSERT_TRUE(port) << port.error().message;
  EXPECT_EQ(*port, "42");
  (*child)->stop();
  EXPECT_FALSE((*child)->running());
  EXPECT_FALSE((*child)->write_line("after stop"));  // the reader is gone: an error, no SIGPIPE
}

TEST(ChildProcessTest, AMissingProgramIsUnavailable) {
  auto child = ChildProcess::start({"kerf-no-such-program"}, temp_log("kerf-child-missing"));
  ASSERT_FALSE(child);
  EXPECT_EQ(child.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(child.error().message.find("kerf-no-such-program"), std::string::npos);
}

TEST(ChildProcessTest, AChildThatExitsBeforeItIsReadyReportsItsLog) {
  auto child = ChildProcess::start({"sh", "-c", "echo broken config; exit 3"},
                                   temp_log("kerf-child-exit"));
  ASSERT_TRUE(child);
  auto line = (*child)->wait_for_line(
      [](const std::string&) -> std::optional<std::string> { return std::nullopt; },
      std::chrono::seconds(30));
  ASSERT_FALSE(line);
  EXPECT_NE(line.error().message.find("broken config"), std::string::npos);
}

}  // namespace
}  // namespace kerf
