using System.Buffers.Binary;
using Engine.Gateways.Hosting.Venues;
using Engine.Journal.Writing;
using Codecs = Engine.Codecs;

namespace Engine.Cli.Data;

/// <summary>
/// The journal an import writes: every SBE market-data frame becomes one record, exactly as the engine's receiver
/// journals a venue gateway's frame (the record's exchange time is the message's first field). The engine time, which
/// a live receiver stamps from its own clock, is the frame's gateway receive time when it has one, else the time the
/// importer gives (<see cref="Append(int, ReadOnlySpan{byte}, long)"/>); it never goes backwards, as a receiver's
/// clock does not. Counts records per message and the time ranges of both clocks. Synced to disk every
/// <see cref="RecordsPerCommit"/> records and at <see cref="Complete"/>. Owned by the import's thread.
/// </summary>
public sealed class DatasetJournal : IFrameSink, IDisposable
{
    public const int RecordsPerCommit = 1 << 16;

    private const int Body = Codecs.EngineSchema.HeaderLength;

    private readonly JournalWriter _writer;
    private readonly SortedDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private long _lastEngineTime = long.MinValue;

    public DatasetJournal(string directory, JournalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _writer = JournalWriter.Open(directory, options with { FsyncPolicy = FsyncPolicy.PerBatch });
    }

    public long Records { get; private set; }

    /// <summary>Records per SBE message name (Trade, L2Update, Bar, ...).</summary>
    public IReadOnlyDictionary<string, long> Counts => _counts;

    /// <summary>Earliest and latest exchange time of the records that have one (ns, UTC); 0 when none has.</summary>
    public long FirstExchangeTime { get; private set; }

    public long LastExchangeTime { get; private set; }

    /// <summary>Engine time of the first and last record (ns, UTC).</summary>
    public long FirstEngineTime { get; private set; }

    public long LastEngineTime => Records == 0 ? 0 : _lastEngineTime;

    /// <summary>A gateway's frame: its engine time is its gateway receive time (the second field of every market-data message).</summary>
    public void OnFrame(int templateId, ReadOnlySpan<byte> sbeMessage)
    {
        long receive = Codecs.MessageCatalog.IsMarketData(templateId) ? BinaryPrimitives.ReadInt64LittleEndian(sbeMessage[(Body + 8)..]) : 0;
        Append(templateId, sbeMessage, receive);
    }

    /// <summary>Journals one SBE message at <paramref name="engineTime"/> (or the last engine time, if that is later; 0: the message's exchange time).</summary>
    public void Append(int templateId, ReadOnlySpan<byte> sbeMessage, long engineTime)
    {
        long exchange = Engine.Host.InputFrames.ExchangeTime(templateId, sbeMessage);
        if (engineTime <= 0)
        {
            engineTime = exchange;
        }

        engineTime = Math.Max(engineTime, _lastEngineTime);
        long sequence = _writer.NextSequence;
        _writer.Append(sequence, templateId, exchange, engineTime, sbeMessage);
        if (Records == 0)
        {
            FirstEngineTime = engineTime;
        }

        _lastEngineTime = engineTime;
        Records++;
        if (exchange > 0)
        {
            FirstExchangeTime = FirstExchangeTime == 0 ? exchange : Math.Min(FirstExchangeTime, exchange);
            LastExchangeTime = Math.Max(LastExchangeTime, exchange);
        }

        string name = MarketDataNames.Of(templateId);
        _counts[name] = _counts.GetValueOrDefault(name) + 1;
        if (Records % RecordsPerCommit == 0)
        {
            _writer.Commit();
        }
    }

    /// <summary>Makes every record durable.</summary>
    public void Complete() => _writer.Commit();

    public void Dispose() => _writer.Dispose();
}
