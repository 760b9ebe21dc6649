using System.Globalization;
using Engine.Core;
using Engine.Journal.Postgres.Tests;
using Engine.Ledger.Accounts;
using Engine.Primitives;
using Npgsql;

namespace Engine.Cli.Tests;

/// <summary>
/// <c>engine journal pg-project</c> as the real process against a real, throw-away PostgreSQL server: the ledger
/// projections balance per asset in SQL, equal the live ledger, and rebuilding them is idempotent.
/// </summary>
[TestFixture]
public sealed class JournalPgProjectCommandTests
{
    private PostgresServer? _server;
    private TemporaryDirectory _temporary = null!;
    private string _root = string.Empty;

    [OneTimeSetUp]
    public void StartServer()
    {
        if (PostgresServer.FindBinaries() is null)
        {
            Assert.Fail($"PostgreSQL is not installed; these tests need a real server. Install it with: {PostgresServer.InstallCommand}");
        }

        _server = PostgresServer.Start();
    }

    [OneTimeTearDown]
    public void StopServer() => _server?.Dispose();

    [SetUp]
    public void CreateRoot()
    {
        _temporary = new TemporaryDirectory("engine-cli-pgproject");
        _root = _temporary.Path;
    }

    [TearDown]
    public void DeleteRoot() => _temporary.Dispose();

    [Test]
    public void PgProject_SessionJournal_BalancesPerAssetInSql_EqualsTheLedger_AndIsIdempotent()
    {
        using SessionJournal session = SessionJournal.Create(Path.Combine(_root, "a"));
        session.Trade(books: 3000, seed: 5);
        BusinessLogicProcessor live = session.Processor;
        string connection = CreateDatabase();

        for (int run = 0; run < 2; run++)
        {
            EngineRun projected = EngineProcess.Run("journal", "pg-project", session.Directory, "--connection", connection);
            Assert.That(projected.ExitCode, Is.Zero, projected.StandardError);
            Assert.That(projected.StandardOutput, Does.Contain($"projected {live.Ledger.TransferCount} transfers and {live.Ledger.AccountCount} account balances"));

            Assert.That(Scalar(connection, "SELECT count(*) FROM ledger_transfers"), Is.EqualTo(live.Ledger.TransferCount));
            Assert.That(Scalar(connection, "SELECT count(*) FROM ledger_balances"), Is.EqualTo(live.Ledger.AccountCount));
            Assert.That(Scalar(connection, "SELECT count(DISTINCT asset) FROM ledger_balances"), Is.EqualTo(2));
            Assert.That(
                Scalar(connection, """
                    SELECT count(*) FROM (
                        SELECT asset FROM ledger_balances GROUP BY asset
                        HAVING sum(debits_posted) <> sum(credits_posted) OR sum(debits_pending) <> sum(credits_pending)) unbalanced
                    """),
                Is.Zero,
                "SUM(debits) = SUM(credits) for every asset");
            Assert.That(Scalar(connection, "SELECT count(*) FROM ledger_transfers WHERE code_name = 'SpotBaseLeg'"), Is.GreaterThan(0), "fills were projected");
            Assert.That(Text(connection, "SELECT state_hash FROM ledger_projection"), Is.EqualTo(live.StateHash().ToString("x16", CultureInfo.InvariantCulture)));
            long usdt = live.Ledger.BalanceOf(live.Ledger.FindAccount(new AccountKey(LedgerOwner.Client(new AccountId(1)), live.Assets["USDT"], AccountType.Cash))).NetCredit;
            Assert.That(
                Text(connection, "SELECT (credits_posted - debits_posted)::text FROM ledger_balances WHERE owner_kind = 'client' AND owner_id = 1 AND asset = 'USDT' AND type = 'cash'"),
                Is.EqualTo(FixedPointMath.Format(usdt, 8)));
        }
    }

    [Test]
    public void PgProject_IntoAProjectionOfAnotherJournal_IsRefused()
    {
        using SessionJournal first = SessionJournal.Create(Path.Combine(_root, "a"));
        first.Trade(books: 500, seed: 1);
        using SessionJournal second = SessionJournal.Create(Path.Combine(_root, "b"));
        second.Trade(books: 500, seed: 2);
        string connection = CreateDatabase();
        Assert.That(EngineProcess.Run("journal", "pg-project", first.Directory, "--connection", connection).ExitCode, Is.Zero);

        EngineRun run = EngineProcess.Run("journal", "pg-project", second.Directory, "--connection", connection);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.StandardError.TrimEnd().Split('\n'), Has.Length.EqualTo(1), run.StandardError);
        Assert.That(run.StandardError, Does.Contain("another"));
    }

    [Test]
    public void PgProject_UnreachableServer_IsAOneLineError()
    {
        using SessionJournal session = SessionJournal.Create(_root);
        session.Deposit("USDT", 1);

        EngineRun run = EngineProcess.Run("journal", "pg-project", session.Directory, "--connection", "Host=127.0.0.1;Port=1;Username=postgres;Database=none;Timeout=2");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.StandardError.TrimEnd().Split('\n'), Has.Length.EqualTo(1), run.StandardError);
        Assert.That(run.StandardError, Does.StartWith("engine: error: PostgreSQL at 127.0.0.1:1"));
    }

    private string CreateDatabase()
    {
        string name = "ledger_" + Guid.NewGuid().ToString("N")[..16];
        using var connection = new NpgsqlConnection(_server!.ConnectionString());
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        command.ExecuteNonQuery();
        return _server.ConnectionString(name);
    }

    private static long Scalar(string connectionString, string sql) => Convert.ToInt64(Query(connectionString, sql), CultureInfo.InvariantCulture);

    private static string? Text(string connectionString, string sql) => Query(connectionString, sql) as string;

    private static object? Query(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }
}
