using System.Diagnostics;
using System.Globalization;
using Engine.Journal.CrashWriter;
using Engine.Journal.Reading;
using Engine.Journal.Verification;
using Engine.Journal.Writing;

namespace Engine.Journal.Tests;

/// <summary>
/// A real writer process appends and acknowledges batches and is killed with SIGKILL at random moments (inside
/// appends, commits, segment rolls, recovery). After every kill the journal must hold every acknowledged record,
/// intact and in sequence, and the next writer must recover it cleanly.
/// </summary>
[TestFixture]
public sealed class CrashSafetyTests
{
    private const int Kills = 50;

    [Test]
    public void WriterKilledAtRandomPoints_KeepsEverythingAcknowledged_AndVerifies()
    {
        using var dir = new TempDirectory();
        string journal = Path.Combine(dir.Path, "journal");
        var random = new Random(20261123);
        FsyncPolicy[] policies = [FsyncPolicy.PerBatch, FsyncPolicy.None, FsyncPolicy.EveryRecord];
        long acknowledged = 0;
        int tornTails = 0;
        for (int kill = 0; kill < Kills; kill++)
        {
            FsyncPolicy policy = policies[kill % policies.Length];
            (long acked, string recovered) = RunAndKill(journal, policy, random.Next(), random.Next(0, 150));
            if (recovered.Contains("torn tail", StringComparison.Ordinal))
            {
                tornTails++;
            }

            acknowledged = Math.Max(acknowledged, acked);
            long last = VerifyJournal(journal);
            Assert.That(last, Is.GreaterThanOrEqualTo(acknowledged), $"kill {kill} ({policy}): acknowledged {acknowledged} but the journal ends at {last}");
        }

        // A final writer recovers whatever the last kill left and the whole journal verifies.
        using (JournalWriter writer = JournalWriter.Open(journal, CrashOptions(FsyncPolicy.PerBatch)))
        {
            Assert.That(writer.NextSequence - 1, Is.GreaterThanOrEqualTo(acknowledged));
        }

        Assert.That(VerifyJournal(journal), Is.GreaterThanOrEqualTo(acknowledged));
        VerificationReport report = JournalVerifier.Verify(journal);
        Assert.That(report.TornTail, Is.Null);
        Assert.That(report.FirstSequence, Is.EqualTo(1));
        Assert.That(report.Records, Is.EqualTo(report.LastSequence));
        Assert.That(acknowledged, Is.GreaterThan(Kills), "the writer must have made progress");
        TestContext.Out.WriteLine($"{Kills} kills, {acknowledged} records acknowledged, {tornTails} torn tails recovered");
    }

    private static JournalOptions CrashOptions(FsyncPolicy policy) => new()
    {
        FsyncPolicy = policy,
        SegmentSize = 64 * 1024,
        SchemaId = 1,
        SchemaVersion = 1,
    };

    /// <summary>Starts the writer, lets it run for a random time after it recovered, kills it; returns the highest ACK.</summary>
    private static (long Acknowledged, string Recovered) RunAndKill(string journal, FsyncPolicy policy, int seed, int runMilliseconds)
    {
        string writerDll = Path.Combine(TestContext.CurrentContext.TestDirectory, "Engine.Journal.CrashWriter.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(writerDll);
        start.ArgumentList.Add(journal);
        start.ArgumentList.Add(policy.ToString());
        start.ArgumentList.Add((64 * 1024).ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(seed.ToString(CultureInfo.InvariantCulture));
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start the crash writer");
        Task<string> errors = process.StandardError.ReadToEndAsync();
        string? first = process.StandardOutput.ReadLine();
        Assert.That(first, Does.StartWith("RECOVERED"), () => $"writer failed: {first} {errors.Result}");
        Thread.Sleep(runMilliseconds);
        process.Kill(); // SIGKILL on Unix: no finalizers, no flush, no dispose.
        long acknowledged = 0;
        string? line;
        // Lines already in the pipe were printed (so acknowledged) before the kill.
        while ((line = process.StandardOutput.ReadLine()) is not null)
        {
            if (line.StartsWith("ACK ", StringComparison.Ordinal) &&
                long.TryParse(line.AsSpan(4), NumberStyles.Integer, CultureInfo.InvariantCulture, out long sequence))
            {
                acknowledged = Math.Max(acknowledged, sequence);
            }
        }

        process.WaitForExit();
        return (acknowledged, first!);
    }

    /// <summary>Reads every record, checking sequence and content; a torn tail is allowed (the next writer truncates it).</summary>
    private static long VerifyJournal(string journal)
    {
        using JournalReader reader = JournalReader.Open(journal);
        long expected = 1;
        while (reader.TryRead(out JournalRecord record))
        {
            Assert.That(record.Sequence, Is.EqualTo(expected));
            Assert.That(record.TemplateId, Is.EqualTo(CrashPayload.TemplateId));
            Assert.That(CrashPayload.Matches(record.Sequence, record.Payload), Is.True, $"payload of {record.Sequence}");
            expected++;
        }

        return expected - 1;
    }
}
