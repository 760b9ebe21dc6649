using System.IO.Compression;
using System.Text.Json;
using Engine.Matching.Tests;

namespace Engine.Cli.Tests.Data;

/// <summary>What the import tests check on every dataset they make: the manifest, and that the journal verifies and replays.</summary>
internal static class DatasetChecks
{
    public static string Vision(string file) => Path.Combine(SharedData.Folder("binance/vision"), file);

    public static string Raw(string file) => Path.Combine(SharedData.Folder("binance/raw"), file);

    public static string Cryptofeed(string file) => Path.Combine(SharedData.Folder("venues/cryptofeed"), file);

    public static string Lobster(string file) => Path.Combine(SharedData.Folder("lobster"), file);

    public static EngineRun Import(params string[] arguments) => EngineProcess.Run(["data", "import", .. arguments]);

    public static JsonDocument Manifest(string dataset) => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dataset, "dataset.json")));

    public static long Count(JsonDocument manifest, string message) =>
        manifest.RootElement.GetProperty("counts").TryGetProperty(message, out JsonElement count) ? count.GetInt64() : 0;

    /// <summary>`engine journal verify` and `engine journal replay` accept the dataset; returns replay's output.</summary>
    public static string VerifiesAndReplays(string dataset)
    {
        EngineRun verify = EngineProcess.Run("journal", "verify", dataset, "--schema", SchemaFile());
        Assert.That(verify.ExitCode, Is.Zero, verify.StandardOutput + verify.StandardError);
        Assert.That(verify.StandardOutput, Does.Contain("without gaps, every CRC32C valid").And.Contain("undecoded: 0"));
        EngineRun replay = EngineProcess.Run("journal", "replay", dataset);
        Assert.That(replay.ExitCode, Is.Zero, replay.StandardOutput + replay.StandardError);
        Assert.That(replay.StandardOutput, Does.Contain("malformed 0").And.Contain("StateHash: "));
        return replay.StandardOutput;
    }

    /// <summary>Nothing but <paramref name="expected"/> in the folder: no staging folder of a failed import left behind.</summary>
    public static void OnlyEntries(string folder, params string[] expected) =>
        Assert.That(Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName), Is.EquivalentTo(expected));

    public static string Zip(string file, string into)
    {
        string zip = Path.Combine(into, Path.GetFileNameWithoutExtension(file) + ".zip");
        using ZipArchive archive = ZipFile.Open(zip, ZipArchiveMode.Create);
        archive.CreateEntryFromFile(file, Path.GetFileName(file));
        return zip;
    }

    /// <summary>Lines of a (gzip or plain) file containing <paramref name="text"/>.</summary>
    public static long LinesContaining(string file, string text)
    {
        using FileStream raw = File.OpenRead(file);
        using Stream stream = file.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(raw, CompressionMode.Decompress) : raw;
        using var reader = new StreamReader(stream);
        long count = 0;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                count++;
            }
        }

        return count;
    }

    public static string SchemaFile()
    {
        string? directory = TestContext.CurrentContext.TestDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "Engine.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return Path.Combine(directory!, "schemas", "engine-schema.xml");
    }
}
