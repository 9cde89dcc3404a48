// server.tls_cert / server.tls_key: file < environment, wrong types named.
#include <gtest/gtest.h>

#include "kerf/core/config.h"

namespace kerf {
namespace {

TEST(TlsSettings, FromFileAndEnvironment) {
  EXPECT_EQ(resolve_settings("", {}, {})->tls_cert, "");
  std::string toml =
      "[server]\ntls_cert = \"/etc/kerf/cert.pem\"\ntls_key = \"/etc/kerf/key.pem\"\n";
  auto file_only = resolve_settings(toml, {}, {});
  ASSERT_TRUE(file_only.ok()) << file_only.error().message;
  EXPECT_EQ(file_only->tls_cert, "/etc/kerf/cert.pem");
  EXPECT_EQ(file_only->tls_key, "/etc/kerf/key.pem");
  auto env =
      resolve_settings(toml, {{"KERF_TLS_CERT", "/run/c.pem"}, {"KERF_TLS_KEY", "/run/k.pem"}}, {});
  ASSERT_TRUE(env.ok());
  EXPECT_EQ(env->tls_cert, "/run/c.pem");
  EXPECT_EQ(env->tls_key, "/run/k.pem");
}

TEST(TlsSettings, NonStringIsRejectedNamingTheKey) {
  auto bad = resolve_settings("[server]\ntls_key = 3\n", {}, {});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields.at(0).field, "server.tls_key");
}

}  // namespace
}  // namespace kerf
