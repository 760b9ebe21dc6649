using System.Globalization;
using Engine.Journal.CrashWriter;
using Engine.Journal.Writing;

// Engine.Journal.CrashWriter <directory> <None|PerBatch|EveryRecord> <segmentSize> <seed>
// Recovers the journal, prints "RECOVERED <last sequence>", then appends batches forever and prints
// "ACK <sequence>" after each commit: every sequence printed is acknowledged under the policy.
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: Engine.Journal.CrashWriter <directory> <None|PerBatch|EveryRecord> <segmentSize> <seed>");
    return 2;
}

var options = new JournalOptions
{
    FsyncPolicy = Enum.Parse<FsyncPolicy>(args[1]),
    SegmentSize = int.Parse(args[2], CultureInfo.InvariantCulture),
    SchemaId = 1,
    SchemaVersion = 1,
};
var random = new Random(int.Parse(args[3], CultureInfo.InvariantCulture));
using var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
using JournalWriter writer = JournalWriter.Open(args[0], options);
output.WriteLine($"RECOVERED {writer.NextSequence - 1} {writer.Recovery}");
byte[] payload = new byte[256];
while (true)
{
    int batch = random.Next(1, 64);
    for (int i = 0; i < batch; i++)
    {
        long sequence = writer.NextSequence;
        int length = CrashPayload.LengthOf(sequence);
        CrashPayload.Fill(sequence, payload.AsSpan(0, length));
        writer.Append(sequence, CrashPayload.TemplateId, sequence * 10, sequence * 10 + 1, payload.AsSpan(0, length));
    }

    writer.Commit();
    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ACK {writer.DurableSequence}"));
}
