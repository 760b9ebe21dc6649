using Npgsql;

namespace Engine.Journal.Postgres.Tests;

/// <summary>One PostgreSQL server for the whole assembly; each test gets a fresh database.</summary>
[SetUpFixture]
public sealed class PostgresFixture
{
    private static PostgresServer? s_server;

    public static PostgresServer Server => s_server ?? throw new InvalidOperationException("the PostgreSQL server did not start");

    [OneTimeSetUp]
    public void StartServer()
    {
        if (PostgresServer.FindBinaries() is null)
        {
            Assert.Fail($"PostgreSQL is not installed; these tests need a real server. Install it with: {PostgresServer.InstallCommand}");
        }

        s_server = PostgresServer.Start();
    }

    [OneTimeTearDown]
    public void StopServer()
    {
        s_server?.Dispose();
        s_server = null;
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static string CreateDatabase()
    {
        string name = "events_" + Guid.NewGuid().ToString("N")[..16];
        using var connection = new NpgsqlConnection(Server.ConnectionString());
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        command.ExecuteNonQuery();
        return Server.ConnectionString(name);
    }

    public static long Scalar(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
