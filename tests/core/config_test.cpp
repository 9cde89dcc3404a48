#include "kerf/core/config.h"

#include <gtest/gtest.h>

namespace kerf {
namespace {

TEST(Settings, DefaultsUseSqliteInDataDir) {
  auto s = resolve_settings("", {}, {});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->port, 8080);
  EXPECT_EQ(s->bind, "127.0.0.1");
  EXPECT_EQ(s->effective_database_url(), "sqlite:data/kerf.db");
}

TEST(Settings, FlagsBeatEnvironmentBeatFile) {
  std::string toml = "[server]\nport = 9000\nbind = \"0.0.0.0\"\n[storage]\ndata_dir = \"/srv\"\n";
  auto file_only = resolve_settings(toml, {}, {});
  ASSERT_TRUE(file_only.ok());
  EXPECT_EQ(file_only->port, 9000);
  EXPECT_EQ(file_only->data_dir, "/srv");

  auto with_env = resolve_settings(toml, {{"KERF_PORT", "9100"}}, {});
  ASSERT_TRUE(with_env.ok());
  EXPECT_EQ(with_env->port, 9100);
  EXPECT_EQ(with_env->bind, "0.0.0.0");

  SettingsOverrides flags;
  flags.port = 9200;
  flags.database_url = "postgresql://kerf@127.0.0.1/kerf";
  auto with_flags = resolve_settings(toml, {{"KERF_PORT", "9100"}}, flags);
  ASSERT_TRUE(with_flags.ok());
  EXPECT_EQ(with_flags->port, 9200);
  EXPECT_EQ(with_flags->effective_database_url(), "postgresql://kerf@127.0.0.1/kerf");
}

TEST(Settings, RejectsBadValuesNamingTheKey) {
  auto bad_port = resolve_settings("[server]\nport = 70000\n", {}, {});
  ASSERT_FALSE(bad_port.ok());
  EXPECT_EQ(bad_port.error().fields.at(0).field, "server.port");

  auto bad_type = resolve_settings("[server]\nbind = 5\n", {}, {});
  ASSERT_FALSE(bad_type.ok());
  EXPECT_EQ(bad_type.error().fields.at(0).field, "server.bind");

  auto bad_env = resolve_settings("", {{"KERF_PORT", "80x"}}, {});
  ASSERT_FALSE(bad_env.ok());
  EXPECT_EQ(bad_env.error().fields.at(0).field, "KERF_PORT");

  auto bad_syntax = resolve_settings("[server\nport=1", {}, {});
  ASSERT_FALSE(bad_syntax.ok());
  EXPECT_EQ(bad_syntax.error().fields.at(0).field, "config");
  EXPECT_NE(bad_syntax.error().message.find("line 1"), std::string::npos);

  auto bad_level = resolve_settings("[log]\nlevel = \"loud\"\n", {}, {});
  ASSERT_FALSE(bad_level.ok());
  EXPECT_EQ(bad_level.error().fields.at(0).field, "log.level");
}

}  // namespace
}  // namespace kerf
