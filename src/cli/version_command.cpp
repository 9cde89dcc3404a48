#include <iostream>

#include "cli/command_registry.h"

namespace kerf::cli {
namespace {

const CommandRegistrar kVersion("version", [](CLI::App& root) {
  root.add_subcommand("version", "Print the kerf version")->callback([] {
    std::cout << "kerf 0.1.0\n";
  });
});

}  // namespace
}  // namespace kerf::cli
