using Engine.Matching.Lobster;

namespace Engine.Matching.Tests;

/// <summary>The LOBSTER sample days rebuild in the L3 book with every orderbook row matching.</summary>
[TestFixture]
public sealed class LobsterRebuildTests
{
    [Test]
    public void Aapl10LevelHead_RebuildsWithEveryRowMatching()
    {
        string folder = SharedData.Folder("lobster");
        LobsterBookRebuilder rebuilder = LobsterDay.RebuildFromFiles(
            Path.Combine(folder, "AAPL_2012-06-21_34200000_57600000_message_10_head999.csv"),
            Path.Combine(folder, "AAPL_2012-06-21_34200000_57600000_orderbook_10_head999.csv"),
            levels: 10);
        AssertAllRowsMatch(rebuilder, 999);
    }

    [Test]
    public void Aapl1LevelDay_RebuildsWithEveryRowMatching()
    {
        string zip = Path.Combine(SharedData.Folder("lobster"), "LOBSTER_SampleFile_AAPL_2012-06-21_1.zip");
        AssertAllRowsMatch(LobsterDay.RebuildFromZip(zip, levels: 1), 118_497);
    }

    [Test]
    public void Goog10LevelDay_RebuildsWithEveryRowMatching()
    {
        string zip = Path.Combine(SharedData.Folder("lobster"), "LOBSTER_SampleFile_GOOG_2012-06-21_10.zip");
        AssertAllRowsMatch(LobsterDay.RebuildFromZip(zip, levels: 10), 147_916);
    }

    [Test]
    public void Aapl10LevelHead_ThroughTheReferenceBook_GivesTheSameResult()
    {
        string folder = SharedData.Folder("lobster");
        LobsterBookRebuilder rebuilder = LobsterDay.RebuildFromFiles(
            Path.Combine(folder, "AAPL_2012-06-21_34200000_57600000_message_10_head999.csv"),
            Path.Combine(folder, "AAPL_2012-06-21_34200000_57600000_orderbook_10_head999.csv"),
            levels: 10,
            new ReferenceL3Book());
        AssertAllRowsMatch(rebuilder, 999);
    }

    private static void AssertAllRowsMatch(LobsterBookRebuilder rebuilder, long expectedRows)
    {
        rebuilder.Book.ValidateInternalState();
        Assert.Multiple(() =>
        {
            Assert.That(rebuilder.Rows, Is.EqualTo(expectedRows));
            Assert.That(rebuilder.FirstMismatchRow, Is.Zero, "first mismatching row");
            Assert.That(rebuilder.MatchingRows, Is.EqualTo(expectedRows));
        });
        TestContext.Out.WriteLine($"rows {rebuilder.Rows}, seeded levels {rebuilder.SeededLevels}, unmatched messages {rebuilder.UnmatchedMessages}");
    }
}
