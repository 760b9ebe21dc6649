using Engine.Journal.Reading;

namespace Engine.Host;

/// <summary>
/// What a dataset journal holds in market data: how many records, their first and last engine time, and the listings
/// (venue id, instrument id) they name, in ascending order. Read once before a backtest to resolve its defaults.
/// Immutable.
/// </summary>
public sealed record DatasetRange(long Records, long FirstEngineTime, long LastEngineTime, IReadOnlyList<(ushort Venue, uint Instrument)> Listings)
{
    public static DatasetRange Scan(string journalDirectory)
    {
        ArgumentNullException.ThrowIfNull(journalDirectory);
        long records = 0;
        long first = 0;
        long last = 0;
        var listings = new SortedSet<(ushort, uint)>();
        using JournalReader reader = JournalReader.Open(journalDirectory);
        while (reader.TryRead(out JournalRecord record))
        {
            if (!Codecs.MessageCatalog.IsMarketData(record.TemplateId))
            {
                continue;
            }

            if (records++ == 0)
            {
                first = record.EngineTime;
            }

            last = record.EngineTime;
            if (MarketDataListing.TryRead(record.TemplateId, record.Payload, out ushort venue, out uint instrument))
            {
                listings.Add((venue, instrument));
            }
        }

        return new DatasetRange(records, first, last, [.. listings]);
    }
}
