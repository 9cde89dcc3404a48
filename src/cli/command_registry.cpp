#include "cli/command_registry.h"

#include <algorithm>
#include <tuple>

namespace kerf::cli {
namespace {

struct Entry {
  int order;
  std::string name;
  CommandSetup setup;
};

std::vector<Entry>& registry() {
  static std::vector<Entry> entries;
  return entries;
}

}  // namespace

CommandRegistrar::CommandRegistrar(std::string name, CommandSetup setup, int order) {
  registry().push_back({order, std::move(name), std::move(setup)});
}

void register_all_commands(CLI::App& root) {
  auto& entries = registry();
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return std::tie(a.order, a.name) < std::tie(b.order, b.name);
  });
  for (auto& e : entries) e.setup(root);
}

CLI::App& subcommand_of(CLI::App& parent, const std::string& name,
                        const std::string& description) {
  for (CLI::App* sub : parent.get_subcommands([](CLI::App*) { return true; })) {
    if (sub->get_name() == name) return *sub;
  }
  CLI::App* sub = parent.add_subcommand(name, description);
  sub->require_subcommand(1);
  return *sub;
}

int& exit_code() {
  static int code = 0;
  return code;
}

}  // namespace kerf::cli
