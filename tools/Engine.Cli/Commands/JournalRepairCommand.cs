using System.CommandLine;
using System.Text.Json;
using Engine.Journal.Repair;
using Engine.Journal.Verification;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine journal repair DIR [--json]</c>: cuts a journal at its first damaged record so it verifies, replays and
/// lets the engine start again, keeping the original bytes and the readable records after the cut in
/// <c>DIR/repair-&lt;time&gt;/</c> (see <see cref="JournalRepair"/>), and prints exactly what the journal lost. The
/// repaired journal is verified before the command returns.
/// </summary>
public static class JournalRepairCommand
{
    public static Command Create(TextWriter output)
    {
        Argument<DirectoryInfo> directory = JournalDirectoryArgument.Create();
        var json = new Option<bool>("--json") { Description = "Print the repair report as one JSON document instead of text." };
        var command = new Command(
            "repair",
            "Cut the journal at its first bad record (CRC mismatch, bad length, torn tail, broken sequence, truncated or missing segment); " +
            "the original bytes and the readable records after it go to DIR/repair-<time>/.")
        {
            directory,
            json,
        };
        command.SetAction(parsed =>
        {
            string path = parsed.GetValue(directory)!.FullName;
            JournalRepairReport report = JournalRepair.Repair(path, DateTimeOffset.UtcNow);
            VerificationReport verified = JournalVerifier.Verify(path);
            if (parsed.GetValue(json))
            {
                using var stream = new MemoryStream();
                using (var writer = new Utf8JsonWriter(stream))
                {
                    report.WriteJson(writer);
                }

                output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
                return CommandLineApp.Success;
            }

            foreach (string line in report.Lines())
            {
                output.WriteLine(line);
            }

            output.WriteLine(verified.Records == 0
                ? $"verified: {path} holds no record"
                : $"verified: {path} holds sequences {verified.FirstSequence}..{verified.LastSequence}, every CRC32C valid");
            return CommandLineApp.Success;
        });
        return command;
    }
}
