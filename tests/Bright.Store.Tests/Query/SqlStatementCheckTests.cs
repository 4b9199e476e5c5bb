using Bright.Store.Query;

namespace Bright.Store.Tests.Query;

[TestFixture]
public sealed class SqlStatementCheckTests
{
    [TestCase("SELECT 1")]
    [TestCase("WITH a AS (SELECT 1 AS x) SELECT x FROM a")]
    [TestCase("VALUES (1), (2)")]
    [TestCase("FROM range(3)")]
    [TestCase("DESCRIBE SELECT 1")]
    [TestCase("SUMMARIZE SELECT 1 AS x")]
    [TestCase("SELECT 1;")]
    public void A_single_read_only_statement_is_accepted(string sql) => Assert.That(SqlStatementCheck.Check(sql).IsAccepted, Is.True);

    [TestCase("INSERT INTO events VALUES (1)", "INSERT statements are refused")]
    [TestCase("  -- a comment\n delete FROM events", "DELETE statements are refused")]
    [TestCase("CREATE TABLE t (a INT)", "CREATE statements are refused")]
    [TestCase("COPY events TO 'x.csv'", "COPY statements are refused")]
    [TestCase("ATTACH 'x.duckdb'", "ATTACH statements are refused")]
    [TestCase("SET threads = 64", "SET statements are refused")]
    [TestCase("PRAGMA threads = 64", "PRAGMA statements are refused")]
    [TestCase("EXPLAIN SELECT 1", "EXPLAIN statements are refused")]
    [TestCase("SELECT 1; SELECT 2", "Only one statement may run at a time; found 2.")]
    [TestCase("SELECT $1", "Parameters must be named, e.g. $site; positional parameters ($1 or ?) are not supported.")]
    [TestCase("", "sql: must not be empty; send one SELECT statement.")]
    public void Anything_else_is_refused_saying_why(string sql, string expected)
    {
        var result = SqlStatementCheck.Check(sql);

        Assert.That(result.IsAccepted, Is.False);
        Assert.That(result.Error, Does.Contain(expected));
    }

    [Test]
    public void A_syntax_error_gives_DuckDBs_message_with_line_and_column()
    {
        var result = SqlStatementCheck.Check("SELECT site\nFROM events\nWHERE");

        Assert.That(result.Error, Is.EqualTo("Parser Error: syntax error at end of input at line 3, column 6."));
        Assert.That((result.Line, result.Column), Is.EqualTo((3, 6)));
    }

    [Test]
    public void Named_parameters_are_listed_once_each_in_order()
    {
        var result = SqlStatementCheck.Check("SELECT * FROM events WHERE site = $site AND kind = $kind OR site = $site");

        Assert.That(result.Parameters, Is.EqualTo(new[] { "kind", "site" }));
    }
}
