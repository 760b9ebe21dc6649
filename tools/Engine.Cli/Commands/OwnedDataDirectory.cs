namespace Engine.Cli.Commands;

/// <summary>
/// A data directory a command owns (the demo's, a backtest's): recreated on every run. A marker file says the command
/// made it; a non-empty directory without the marker is refused, so a mistyped path never deletes someone's data.
/// </summary>
public static class OwnedDataDirectory
{
    public static string Prepare(DirectoryInfo directory, string owner)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string root = directory.FullName;
        string marker = Path.Combine(root, ".engine-" + owner);
        if (File.Exists(root))
        {
            throw new UsageException($"--data-dir {root} is a file");
        }

        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
        {
            if (!File.Exists(marker))
            {
                throw new CommandFailedException($"--data-dir {root} is not empty and was not made by `engine {owner}`; choose another directory");
            }

            foreach (string child in new[] { "journal", "config" })
            {
                string path = Path.Combine(root, child);
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }
            }
        }

        Directory.CreateDirectory(root);
        File.WriteAllText(marker, $"This directory is recreated by `engine {owner}` on every run.\n");
        return root;
    }
}
