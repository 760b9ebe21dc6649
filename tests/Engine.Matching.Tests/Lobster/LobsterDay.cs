using System.IO.Compression;
using Engine.Matching.Lobster;

namespace Engine.Matching.Tests;

/// <summary>Streams a LOBSTER message/orderbook pair (from a zip in the shared data, or two CSV files) through a rebuilder.</summary>
public static class LobsterDay
{
    public static LobsterBookRebuilder RebuildFromZip(string zipPath, int levels, IL3Book? book = null)
    {
        using ZipArchive archive = ZipFile.OpenRead(zipPath);
        ZipArchiveEntry messages = archive.Entries.Single(e => e.Name.Contains("_message_", StringComparison.Ordinal));
        ZipArchiveEntry orderbook = archive.Entries.Single(e => e.Name.Contains("_orderbook_", StringComparison.Ordinal));
        using var messageReader = new StreamReader(messages.Open());
        using var bookReader = new StreamReader(orderbook.Open());
        return Rebuild(messageReader, bookReader, levels, book);
    }

    public static LobsterBookRebuilder RebuildFromFiles(string messagePath, string orderbookPath, int levels, IL3Book? book = null)
    {
        using var messageReader = new StreamReader(messagePath);
        using var bookReader = new StreamReader(orderbookPath);
        return Rebuild(messageReader, bookReader, levels, book);
    }

    private static LobsterBookRebuilder Rebuild(TextReader messages, TextReader orderbook, int levels, IL3Book? book)
    {
        var rebuilder = new LobsterBookRebuilder(levels, book);
        var row = new long[4 * levels];
        string? messageLine;
        bool first = true;
        while ((messageLine = messages.ReadLine()) is not null)
        {
            string bookLine = orderbook.ReadLine() ?? throw new InvalidDataException("the orderbook file is shorter than the message file");
            LobsterMessage message = LobsterFormat.ParseMessage(messageLine);
            LobsterFormat.ParseBookRow(bookLine, levels, row);
            if (first)
            {
                rebuilder.Seed(row, message);
                first = false;
            }

            rebuilder.Apply(message, row);
        }

        return rebuilder;
    }
}
