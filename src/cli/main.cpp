// kerf: the single executable. Subcommands are registered from src/cli/*_command.cpp.
#include <CLI/CLI.hpp>

#include <iostream>

int main(int argc, char** argv) {
  CLI::App app{"kerf: manufacturing execution system for sheet-metal job shops"};
  app.require_subcommand(1);
  app.add_subcommand("version", "Print the version")->callback([] { std::cout << "kerf 0.1.0\n"; });
  CLI11_PARSE(app, argc, argv);
  return 0;
}
