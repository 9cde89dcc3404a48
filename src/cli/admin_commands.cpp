// kerf migrate | kerf user add | kerf import jobs: maintenance commands on the database.
#include <fstream>
#include <iostream>
#include <sstream>
#include <termios.h>
#include <unistd.h>

#include "cli/command_registry.h"
#include "cli/context.h"
#include "kerf/app/principal.h"
#include "kerf/model/enums.h"
#include "kerf/store/migrations.h"

namespace kerf::cli {
namespace {

struct MigrateArgs {
  CommonFlags common;
};

void run_migrate(const MigrateArgs& args) {
  auto settings = load_settings(args.common);
  if (!settings) return fail(settings.error());
  auto ctx = open_context(*settings);
  if (!ctx) return fail(ctx.error());
  auto version = store::schema_version(*(*ctx)->db);
  if (!version) return fail(version.error());
  std::cout << "database " << store::backend_name((*ctx)->db->backend())
            << " at schema version " << *version << "\n";
}

// Reads a password: from stdin when it is not a terminal, else prompts twice without echo.
Result<std::string> read_password() {
  std::string first;
  if (!isatty(STDIN_FILENO)) {
    if (!std::getline(std::cin, first)) return Error::invalid("password", "no password on stdin");
    return first;
  }
  termios old{};
  tcgetattr(STDIN_FILENO, &old);
  termios quiet = old;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::string second;
  std::cerr << "password: ";
  std::getline(std::cin, first);
  std::cerr << "\nrepeat: ";
  std::getline(std::cin, second);
  std::cerr << "\n";
  tcsetattr(STDIN_FILENO, TCSANOW, &old);
  if (first != second) return Error::invalid("password", "the two entries differ");
  return first;
}

struct UserAddArgs {
  CommonFlags common;
  std::string username;
  std::string display_name;
  std::vector<std::string> roles;
};

void run_user_add(const UserAddArgs& args) {
  auto settings = load_settings(args.common);
  if (!settings) return fail(settings.error());
  app::NewUser user;
  user.username = args.username;
  user.display_name = args.display_name.empty() ? args.username : args.display_name;
  for (const auto& r : args.roles) {
    auto role = model::parse_role(r);
    if (!role) return fail(role.error());
    user.roles.insert(*role);
  }
  auto password = read_password();
  if (!password) return fail(password.error());
  user.password = *password;
  auto ctx = open_context(*settings);
  if (!ctx) return fail(ctx.error());
  auto created = (*ctx)->services->auth().create_user(app::system_principal(), user);
  if (!created) return fail(created.error());
  std::cout << "created user " << created->username << " (id " << created->id << ")\n";
}

struct ImportArgs {
  CommonFlags common;
  std::string file;
};

void run_import_jobs(const ImportArgs& args) {
  auto settings = load_settings(args.common);
  if (!settings) return fail(settings.error());
  std::ifstream in(args.file, std::ios::binary);
  if (!in) return fail(Error::invalid("file", "cannot read " + args.file));
  std::ostringstream text;
  text << in.rdbuf();
  auto ctx = open_context(*settings);
  if (!ctx) return fail(ctx.error());
  auto result = (*ctx)->services->jobs().import_csv(app::system_principal(), text.str());
  if (!result) return fail(result.error());
  std::cout << "imported " << result->jobs.size() << " jobs from " << args.file << "\n";
}

const CommandRegistrar kMigrate("migrate", [](CLI::App& root) {
  auto args = std::make_shared<MigrateArgs>();
  auto* cmd = root.add_subcommand("migrate", "Apply database migrations and print the version");
  add_common_flags(*cmd, args->common);
  cmd->callback([args] { run_migrate(*args); });
}, 20);

const CommandRegistrar kUserAdd("user", [](CLI::App& root) {
  auto args = std::make_shared<UserAddArgs>();
  auto& user = subcommand_of(root, "user", "Manage users");
  auto* cmd = user.add_subcommand("add", "Create a user (password from stdin or prompt)");
  add_common_flags(*cmd, args->common);
  cmd->add_option("username", args->username, "Login name")->required();
  cmd->add_option("--display-name", args->display_name, "Full name");
  cmd->add_option("--role", args->roles,
                  "Role: operator, lead, planner, quality, shipping, admin (repeatable)")
      ->required();
  cmd->callback([args] { run_user_add(*args); });
}, 30);

const CommandRegistrar kImport("import", [](CLI::App& root) {
  auto args = std::make_shared<ImportArgs>();
  auto& import = subcommand_of(root, "import", "Import data");
  auto* cmd = import.add_subcommand("jobs", "Import jobs from a CSV file (all or nothing)");
  add_common_flags(*cmd, args->common);
  cmd->add_option("file", args->file, "CSV file")->required()->check(CLI::ExistingFile);
  cmd->callback([args] { run_import_jobs(*args); });
}, 40);

}  // namespace
}  // namespace kerf::cli
