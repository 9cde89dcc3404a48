// [sigmanest] parsing and validation: every error names its TOML key.
#include <gtest/gtest.h>

#include "kerf/integrations/sigmanest/config.h"

namespace kerf::integrations::sigmanest {
namespace {

bool names(const Error& e, const std::string& field) {
  for (const auto& f : e.fields) {
    if (f.field == field) return true;
  }
  return false;
}

TEST(SigmanestConfig, AbsentSectionIsDisabledDefaults) {
  auto c = parse_sigmanest_config("", {});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_FALSE(c->enabled);
  EXPECT_EQ(c->slots.job_id, "ItemData1");
  EXPECT_EQ(c->slots.sheet_id, "ItemData5");
  EXPECT_EQ(c->ack_mode, AckMode::kDelete);
  EXPECT_TRUE(c->sends("SN84"));
}

TEST(SigmanestConfig, FullSectionWithPasswordFromTheEnvironment) {
  const std::string toml = R"(
[sigmanest]
enabled = true
gateway = "odbc"
connection_string = "Driver={PostgreSQL Unicode};Server=127.0.0.1;Uid=kerf"
password_env = "SN_PW"
transact_table = "SimTrans.dbo"
feedback_tables = "SNDBase.dbo"
district = 7
poll_interval_ms = 2500
ack_mode = "high_water"
trans_types = ["SN84", "SN87"]
stopped_after_polls = 3
batch_size = 50
[sigmanest.item_data]
job_id = "ItemData11"
sheet_id = "ItemData18"
[sigmanest.materials]
stainless_304 = "304-2B"
mild_steel = "A36"
)";
  auto c = parse_sigmanest_config(toml, {{"SN_PW", "s;e}cret"}});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_TRUE(c->enabled);
  EXPECT_EQ(c->district, 7);
  EXPECT_EQ(c->poll_interval, std::chrono::milliseconds(2500));
  EXPECT_EQ(c->ack_mode, AckMode::kHighWater);
  EXPECT_TRUE(c->sends("SN84"));
  EXPECT_FALSE(c->sends("SN94"));
  EXPECT_EQ(c->slots.job_id, "ItemData11");
  EXPECT_EQ(c->slots.sheet_id, "ItemData18");
  EXPECT_EQ(c->transact_qualifier, "SimTrans.dbo");
  EXPECT_EQ(c->material_name(model::Material::kStainless304), "304-2B");
  EXPECT_EQ(c->material_name(model::Material::kMildSteel), "A36");
  EXPECT_EQ(c->material_name(model::Material::kGalvanised), "galvanised");
  EXPECT_EQ(c->full_connection_string(),
            "Driver={PostgreSQL Unicode};Server=127.0.0.1;Uid=kerf;PWD={s;e}}cret};");
}

TEST(SigmanestConfig, ErrorsNameTheKey) {
  struct Case {
    std::string toml;
    std::string key;
  };
  const Case cases[] = {
      {"[sigmanest]\ndistrict = \"one\"", "sigmanest.district"},
      {"[sigmanest]\ndistrict = -1", "sigmanest.district"},
      {"[sigmanest]\ngateway = \"ftp\"", "sigmanest.gateway"},
      {"[sigmanest.materials]\nbrass = \"CZ121\"", "sigmanest.materials.brass"},
      {"[sigmanest.materials]\nmild_steel = 36", "sigmanest.materials.mild_steel"},
      {"[sigmanest.materials]\nmild_steel = \"\"", "sigmanest.materials.mild_steel"},
      {"[sigmanest.materials]\nmild_steel = \"A36\"\ngalvanised = \"A36\"",
       "sigmanest.materials.galvanised"},
      {"[sigmanest]\nmaterials = 3", "sigmanest.materials"},
      {"[sigmanest]\nack_mode = \"keep\"", "sigmanest.ack_mode"},
      {"[sigmanest]\npoll_interval_ms = 5", "sigmanest.poll_interval_ms"},
      {"[sigmanest]\ntrans_types = [\"SN999\"]", "sigmanest.trans_types"},
      {"[sigmanest]\ntransact_table = \"a;drop\"", "sigmanest.transact_table"},
      {"[sigmanest]\nenabled = true\ngateway = \"odbc\"", "sigmanest.connection_string"},
      {"[sigmanest]\nconnection_string = \"Driver=x;PWD=secret\"", "sigmanest.connection_string"},
      {"[sigmanest]\nenabled = true\nconnection_string = \"Driver=x\"\npassword_env = \"NOPE\"",
       "sigmanest.password_env"},
      {"[sigmanest.item_data]\npart_id = \"ItemData1\"", "sigmanest.item_data.part_id"},
      {"[sigmanest.item_data]\njob_id = \"ItemData19\"", "sigmanest.item_data.job_id"},
      {"[sigmanest]\nbatch_size = 0", "sigmanest.batch_size"},
      {"[sigmanest]\nenabled = true\ngateway = \"file\"", "sigmanest.outbound_dir"},
  };
  for (const auto& c : cases) {
    auto r = parse_sigmanest_config(c.toml, {});
    ASSERT_FALSE(r.ok()) << c.toml;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_TRUE(names(r.error(), c.key)) << c.toml << " -> " << r.error().message;
    EXPECT_EQ(r.error().message.rfind(c.key, 0), 0u) << r.error().message;
  }
}

}  // namespace
}  // namespace kerf::integrations::sigmanest
