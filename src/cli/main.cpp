// kerf: the single executable. Subcommands register themselves (see command_registry.h).
#include <iostream>

#include "cli/command_registry.h"

int main(int argc, char** argv) {
  CLI::App app{"kerf: manufacturing execution system for sheet-metal job shops"};
  app.require_subcommand(1);
  kerf::cli::register_all_commands(app);
  CLI11_PARSE(app, argc, argv);
  return kerf::cli::exit_code();
}
