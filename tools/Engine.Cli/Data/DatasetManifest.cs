using System.Globalization;
using System.Text.Json;

namespace Engine.Cli.Data;

/// <summary>
/// <c>dataset.json</c>, written last into an imported dataset: what was imported (format, venue, options, the source
/// files with sizes and SHA-256) and what came of it (records per message, rejected input, instruments, time ranges
/// on both clocks). It identifies the dataset: an import into a folder that holds one is a no-op when the format,
/// venue, options and file contents are the same, and refused otherwise. A recorded live or paper journal has no
/// manifest and is a dataset as it is (docs/DATA.md). Immutable.
/// </summary>
public sealed record DatasetManifest(
    string Format,
    string Venue,
    string? Kind,
    string? Instrument,
    int? PriceScale,
    int? QuantityScale,
    string? Config,
    IReadOnlyList<SourceFile> Files,
    IReadOnlyList<string> Instruments,
    long Records,
    IReadOnlyDictionary<string, long> Counts,
    long Rejected,
    long FirstExchangeTime,
    long LastExchangeTime,
    long FirstEngineTime,
    long LastEngineTime)
{
    public const string FileName = "dataset.json";

    public const int Version = 1;

    public static string PathIn(string directory) => System.IO.Path.Combine(directory, FileName);

    /// <summary>
    /// Whether <paramref name="other"/> is the import of the same files with the same settings (what it produced does not
    /// enter; a kind one of them detected rather than was told is the files' own, so it matches).
    /// </summary>
    public bool SameImport(DatasetManifest other) =>
        other is not null && Format == other.Format && Venue == other.Venue && (Kind is null || other.Kind is null || Kind == other.Kind) && Instrument == other.Instrument
        && PriceScale == other.PriceScale && QuantityScale == other.QuantityScale && Config == other.Config
        && Files.Count == other.Files.Count && Files.Zip(other.Files).All(pair => pair.First.SameContent(pair.Second));

    public void Write(string directory)
    {
        using var stream = new FileStream(PathIn(directory), FileMode.CreateNew, FileAccess.Write);
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("manifestVersion", Version);
            json.WriteString("format", Format);
            json.WriteString("venue", Venue);
            WriteOptional(json, "kind", Kind);
            WriteOptional(json, "instrument", Instrument);
            WriteOptional(json, "priceScale", PriceScale);
            WriteOptional(json, "quantityScale", QuantityScale);
            WriteOptional(json, "config", Config);
            json.WriteStartArray("files");
            foreach (SourceFile file in Files)
            {
                json.WriteStartObject();
                json.WriteString("name", file.Name);
                json.WriteString("path", file.Path);
                json.WriteNumber("bytes", file.Bytes);
                json.WriteString("sha256", file.Sha256);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("instruments");
            foreach (string instrument in Instruments)
            {
                json.WriteStringValue(instrument);
            }

            json.WriteEndArray();
            json.WriteNumber("records", Records);
            json.WriteStartObject("counts");
            foreach ((string name, long count) in Counts)
            {
                json.WriteNumber(name, count);
            }

            json.WriteEndObject();
            json.WriteNumber("rejected", Rejected);
            WriteRange(json, "exchangeTime", FirstExchangeTime, LastExchangeTime);
            WriteRange(json, "engineTime", FirstEngineTime, LastEngineTime);
            json.WriteEndObject();
        }

        stream.Flush(flushToDisk: true);
    }

    /// <summary>Reads a manifest; a file that is not one is a <see cref="UsageException"/> naming it.</summary>
    public static DatasetManifest Read(string directory)
    {
        string path = PathIn(directory);
        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
            JsonElement root = document.RootElement;
            var files = root.GetProperty("files").EnumerateArray()
                .Select(f => new SourceFile(f.GetProperty("name").GetString()!, f.GetProperty("path").GetString()!, f.GetProperty("bytes").GetInt64(), f.GetProperty("sha256").GetString()!))
                .ToList();
            var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (JsonProperty count in root.GetProperty("counts").EnumerateObject())
            {
                counts[count.Name] = count.Value.GetInt64();
            }

            return new DatasetManifest(
                root.GetProperty("format").GetString()!,
                root.GetProperty("venue").GetString()!,
                OptionalString(root, "kind"),
                OptionalString(root, "instrument"),
                OptionalInt(root, "priceScale"),
                OptionalInt(root, "quantityScale"),
                OptionalString(root, "config"),
                files,
                root.GetProperty("instruments").EnumerateArray().Select(i => i.GetString()!).ToList(),
                root.GetProperty("records").GetInt64(),
                counts,
                root.GetProperty("rejected").GetInt64(),
                ReadTime(root, "exchangeTime", "first"),
                ReadTime(root, "exchangeTime", "last"),
                ReadTime(root, "engineTime", "first"),
                ReadTime(root, "engineTime", "last"));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new UsageException($"{path}: not a dataset manifest ({e.Message})");
        }
    }

    /// <summary>ISO-8601 UTC with the nanoseconds the engine keeps (2024-08-08T00:00:01.123456789Z); "none" for 0.</summary>
    public static string FormatTime(long nanos)
    {
        if (nanos == 0)
        {
            return "none";
        }

        DateTime time = DateTime.UnixEpoch.AddTicks(nanos / 100);
        long fraction = ((nanos % 1_000_000_000) + 1_000_000_000) % 1_000_000_000;
        return time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "." + fraction.ToString("D9", CultureInfo.InvariantCulture) + "Z";
    }

    private static long ParseTime(string text)
    {
        if (text == "none")
        {
            return 0;
        }

        // yyyy-MM-ddTHH:mm:ss.fffffffffZ: whole seconds through DateTime, the nine decimals exactly.
        DateTime seconds = DateTime.ParseExact(text[..19], "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        long fraction = long.Parse(text.AsSpan(20, 9), NumberStyles.None, CultureInfo.InvariantCulture);
        return ((seconds - DateTime.UnixEpoch).Ticks * 100) + fraction;
    }

    private static long ReadTime(JsonElement root, string range, string end) => ParseTime(root.GetProperty(range).GetProperty(end).GetString()!);

    private static void WriteRange(Utf8JsonWriter json, string name, long first, long last)
    {
        json.WriteStartObject(name);
        json.WriteString("first", FormatTime(first));
        json.WriteString("last", FormatTime(last));
        json.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, int? value)
    {
        if (value is int number)
        {
            json.WriteNumber(name, number);
        }
    }

    private static string? OptionalString(JsonElement root, string name) => root.TryGetProperty(name, out JsonElement value) ? value.GetString() : null;

    private static int? OptionalInt(JsonElement root, string name) => root.TryGetProperty(name, out JsonElement value) ? value.GetInt32() : null;
}
