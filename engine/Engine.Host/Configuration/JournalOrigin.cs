using System.Text.Json;
using System.Text.Json.Nodes;

namespace Engine.Host;

/// <summary>
/// What wrote a journal, kept next to its configuration copy (<c>config/origin.json</c>) so that an auditor's tools
/// can say which clock the record times are on: a live engine stamps its receive time from the wall clock, a
/// backtest from its simulated clock, and an import of recorded market data (LOBSTER) had no engine receiving
/// anything, so its engine time is the exchange's time. A journal without the file was written by a live engine
/// (every engine before this file existed was one, or a backtest that did not record it). The file is written
/// once, before the first record, and never read by the engine: it changes no state. Immutable.
/// </summary>
public sealed record JournalOrigin(string Source, string EngineClock, string ExchangeClock, string? Detail = null)
{
    public const string FileName = "origin.json";

    public const string LiveSource = "live";
    public const string BacktestSource = "backtest";
    public const string LobsterSource = "lobster-import";

    /// <summary>A live engine: the receiver's wall clock, and each venue's own clock.</summary>
    public static JournalOrigin Live { get; } = new(
        LiveSource,
        "engine receive clock (the engine host's wall clock, UTC)",
        "venue/exchange clock (the venue's own stamp, UTC)");

    public static JournalOrigin Backtest(long startNanos, ulong seed) => new(
        BacktestSource,
        "simulated clock (backtest; no wall clock is read)",
        "simulated venue clock (backtest)",
        FormattableString.Invariant($"backtest from {startNanos} ns since the epoch, seed {seed}"));

    public static JournalOrigin LobsterImport(string day, string timeZone) => new(
        LobsterSource,
        "exchange clock (imported: no engine received these records; engine time = exchange time)",
        "exchange clock (LOBSTER time after midnight, " + timeZone + ", converted to UTC)",
        "LOBSTER day " + day);

    public static string PathIn(string journalDirectory) => Path.Combine(journalDirectory, JournalConfigCopy.FolderName, FileName);

    public void Write(string journalDirectory)
    {
        ArgumentNullException.ThrowIfNull(journalDirectory);
        string path = PathIn(journalDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var root = new JsonObject
        {
            ["source"] = Source,
            ["engineClock"] = EngineClock,
            ["exchangeClock"] = ExchangeClock,
        };
        if (Detail is not null)
        {
            root["detail"] = Detail;
        }

        File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>The origin the journal keeps, <see cref="Live"/> when it keeps none; an unreadable file is an <see cref="EngineConfigException"/>.</summary>
    public static JournalOrigin Read(string journalDirectory)
    {
        ArgumentNullException.ThrowIfNull(journalDirectory);
        string path = PathIn(journalDirectory);
        if (!File.Exists(path))
        {
            return Live;
        }

        try
        {
            JsonNode? root = JsonNode.Parse(File.ReadAllText(path));
            string? source = root?["source"]?.GetValue<string>();
            string? engineClock = root?["engineClock"]?.GetValue<string>();
            string? exchangeClock = root?["exchangeClock"]?.GetValue<string>();
            if (source is null || engineClock is null || exchangeClock is null)
            {
                throw new EngineConfigException($"{path}: needs the strings source, engineClock and exchangeClock");
            }

            return new JournalOrigin(source, engineClock, exchangeClock, root?["detail"]?.GetValue<string>());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new EngineConfigException($"{path}: not a journal origin: {e.Message}");
        }
    }
}
