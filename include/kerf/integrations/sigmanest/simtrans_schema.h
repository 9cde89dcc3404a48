// The SimTrans / SNDBase tables kerf talks to, as DDL for the three databases they live in:
// SQL Server on site (what SimTrans and Sigmanest create there), PostgreSQL and SQLite for the
// simulator and the tests (same tables and columns, types mapped). docs/simtrans_tables.md is
// the specification of every table and column.
//
// Tables: TransAct (the inbox SimTrans polls; its columns follow transact_columns()),
// TransActLog and SimTransEvents (what SimTrans processed and its event log), the SNDBase subset
// (Material, Stock, Remnant, WO, Part, Program, PIP, SIP) and the feedback tables STPrgArc,
// STPIPArc, STPrtArc, STShtArc, STRemArc, STWOArc.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kerf/core/result.h"
#include "kerf/integrations/odbc/connection.h"
#include "kerf/integrations/sigmanest/transact.h"

namespace kerf::integrations::sigmanest {

enum class Dialect { kSqlite, kPostgres, kSqlServer };

// The dialect of the DBMS name an ODBC driver reports (SQL_DBMS_NAME: "SQLite", "PostgreSQL",
// "Microsoft SQL Server"; case-insensitive). kInvalidArgument naming "dbms" otherwise.
Result<Dialect> dialect_of(std::string_view dbms_name);

// "sqlite" | "postgres" | "sqlserver".
std::string_view dialect_name(Dialect d);

// The SQL type of a TransAct column of `type` (and `max_length` for text) in dialect `d`, e.g.
// kText/50 -> "VARCHAR(50)", kBit -> "BIT" (SQL Server) / "SMALLINT" (PostgreSQL) /
// "INTEGER" (SQLite), kDateTime -> "DATETIME" / "TIMESTAMP" / "TIMESTAMP".
std::string sql_type(Dialect d, ColumnType type, int max_length = 50);

// CREATE TABLE statements (one per element, no trailing ';') for every table above, plus their
// indexes, in an order that can run as is on an empty database.
std::vector<std::string> simtrans_ddl(Dialect d);

// The names of the tables simtrans_ddl creates, in creation order.
const std::vector<std::string_view>& simtrans_tables();

// The columns of `table` (case-insensitive name) in the DDL's exact spelling and order; empty
// for an unknown table. Used to restore the canonical spelling of column labels that a driver
// reports folded (PostgreSQL lower-cases unquoted identifiers).
const std::vector<std::string>& simtrans_columns(std::string_view table);

// Runs simtrans_ddl for the connection's dialect (dialect_of(conn.dbms_name())) on an empty
// database. For the simulator, the demo and tests; on site SimTrans and Sigmanest own the tables.
Status create_simtrans_tables(odbc::Connection& conn);

}  // namespace kerf::integrations::sigmanest
