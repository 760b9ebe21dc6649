using Engine.Host;

namespace Engine.Cli.Data;

/// <summary>
/// What a format's importer works with: the request, the staging folder it writes the dataset into (already holding
/// the dataset's configuration, except for LOBSTER, which writes its own), the configuration, the venue, and where it
/// reports what it could not use and what else it has to say. Owned by the import's thread.
/// </summary>
internal sealed class ImportContext
{
    public ImportContext(ImportRequest request, string staging, EngineConfig? config, DatasetVenue? venue)
    {
        Request = request;
        Staging = staging;
        Config = config;
        Venue = venue;
    }

    public ImportRequest Request { get; }

    public string Staging { get; }

    public EngineConfig? Config { get; }

    public DatasetVenue? Venue { get; }

    public RejectedLines Rejected { get; } = new();

    /// <summary>Lines the command prints after the counts: what was read, what a feed reported.</summary>
    public List<string> Notes { get; } = [];

    public EngineConfig RequireConfig() => Config ?? throw new InvalidOperationException("this import writes no configuration of its own");

    public DatasetVenue RequireVenue() => Venue ?? throw new InvalidOperationException("this import resolves no venue");
}

/// <summary>What a format's importer produced: the journal's figures and the engine instruments it holds.</summary>
internal sealed record ImportedData(
    long Records,
    IReadOnlyDictionary<string, long> Counts,
    IReadOnlyList<string> Instruments,
    long FirstExchangeTime,
    long LastExchangeTime,
    long FirstEngineTime,
    long LastEngineTime,
    string? Kind)
{
    public static ImportedData From(DatasetJournal journal, IReadOnlyList<string> instruments, string? kind) =>
        new(journal.Records, new SortedDictionary<string, long>(journal.Counts.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal), instruments,
            journal.FirstExchangeTime, journal.LastExchangeTime, journal.FirstEngineTime, journal.LastEngineTime, kind);
}
