// Self-registering subcommands: each src/cli/*_command.cpp defines a static CommandRegistrar,
// so adding a command never edits main.cpp.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace kerf::cli {

using CommandSetup = std::function<void(CLI::App& root)>;

// Registers `setup`, called once with the root app before parsing. Order: by `order`, then name.
struct CommandRegistrar {
  CommandRegistrar(std::string name, CommandSetup setup, int order = 100);
};

// Calls every registered setup on `root`.
void register_all_commands(CLI::App& root);

// Returns the subcommand `name` of `parent`, creating it with `description` when missing
// (lets "bench schedule" and "bench api" live in different files).
CLI::App& subcommand_of(CLI::App& parent, const std::string& name, const std::string& description);

// Process exit code a command callback sets (callbacks cannot return values in CLI11).
int& exit_code();

}  // namespace kerf::cli
