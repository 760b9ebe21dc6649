using System.CommandLine;
using Engine.Journal.Format;

namespace Engine.Cli.Commands;

/// <summary>
/// The DIR of every <c>engine journal</c> command: the journal directory itself, or a data directory that holds it
/// as <c>journal/</c> (what <c>engine demo --data-dir</c> and <c>engine backtest --data-dir</c> name), so the folder
/// a run printed can be passed as it is.
/// </summary>
public static class JournalDirectoryArgument
{
    public const string JournalFolderName = "journal";

    public static Argument<DirectoryInfo> Create() => new("DIR")
    {
        Description = "The journal directory (holding journal-*.seg files), or a data directory holding it as journal/ (e.g. engine demo's --data-dir).",
        CustomParser = result => Resolve(new DirectoryInfo(result.Tokens[0].Value)),
    };

    /// <summary><paramref name="directory"/>/journal when <paramref name="directory"/> holds no segment but that folder exists, else <paramref name="directory"/>.</summary>
    public static DirectoryInfo Resolve(DirectoryInfo directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!directory.Exists || HoldsSegments(directory.FullName))
        {
            return directory;
        }

        string nested = Path.Combine(directory.FullName, JournalFolderName);
        return Directory.Exists(nested) ? new DirectoryInfo(nested) : directory;
    }

    private static bool HoldsSegments(string directory)
    {
        foreach (string path in Directory.EnumerateFiles(directory, SegmentDescriptor.FilePrefix + "*"))
        {
            if (SegmentDescriptor.TryParseFileName(Path.GetFileName(path), out _, out _))
            {
                return true;
            }
        }

        return false;
    }
}
