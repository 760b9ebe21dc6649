using System.Diagnostics;

namespace Engine.Journal.Postgres.Tests;

/// <summary>
/// <c>engine journal pg-sync</c> and <c>pg-verify</c> as the real process against the real server (these live here,
/// next to the server fixture, rather than in Engine.Cli.Tests).
/// </summary>
[TestFixture]
public sealed class JournalPgCommandTests
{
    [Test]
    public void PgSyncThenPgVerify_ShipsEverything_AndProvesTheMatch()
    {
        using var journal = new TestJournal();
        journal.Append(5_000);
        string connection = PostgresFixture.CreateDatabase();

        (int syncExit, string syncOut, string syncErr) = RunEngine("journal", "pg-sync", journal.Directory, "--connection", connection);
        Assert.That(syncExit, Is.Zero, syncErr);
        Assert.That(syncOut, Does.Contain("shipped 5000 records"));

        journal.Append(100);
        (int lagExit, _, string lagErr) = RunEngine("journal", "pg-verify", journal.Directory, "--connection", connection);
        Assert.That(lagExit, Is.EqualTo(1));
        Assert.That(lagErr, Does.Contain("lags the journal by 100 records"));

        (syncExit, syncOut, syncErr) = RunEngine("journal", "pg-sync", journal.Directory, "--connection", connection);
        Assert.That(syncExit, Is.Zero, syncErr);
        Assert.That(syncOut, Does.Contain("shipped 100 records").And.Contain("up to 5100"));

        (int verifyExit, string verifyOut, string verifyErr) = RunEngine("journal", "pg-verify", journal.Directory, "--connection", connection);
        Assert.That(verifyExit, Is.Zero, verifyErr);
        Assert.That(verifyOut, Does.Contain("gaps: 0, duplicates: 0, identical to the journal: 5100").And.Contain("record for record"));
    }

    [Test]
    public void PgVerify_TamperedRow_FailsNamingTheRecord()
    {
        using var journal = new TestJournal();
        journal.Append(200);
        string connection = PostgresFixture.CreateDatabase();
        Assert.That(RunEngine("journal", "pg-sync", journal.Directory, "--connection", connection).ExitCode, Is.Zero);
        PostgresFixture.Execute(connection, "UPDATE events SET venue_time = 0 WHERE seq = 77");

        (int exit, _, string error) = RunEngine("journal", "pg-verify", journal.Directory, "--connection", connection);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(error, Does.Contain("record 77 differs"));
    }

    private static (int ExitCode, string Output, string Error) RunEngine(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "engine.dll"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start engine");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"engine {string.Join(' ', arguments)} did not exit");
        }

        return (process.ExitCode, output.Result, error.Result);
    }
}
