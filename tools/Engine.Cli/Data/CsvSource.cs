using System.IO.Compression;

namespace Engine.Cli.Data;

/// <summary>
/// The lines of a CSV archive file, plain or zipped (data.binance.vision ships one CSV per zip): the zip's one
/// <c>.csv</c> entry. A zip without a CSV entry is a usage error naming it. Owned by the import's thread.
/// </summary>
internal sealed class CsvSource : IDisposable
{
    private readonly ZipArchive? _zip;
    private readonly StreamReader _reader;

    public CsvSource(string path)
    {
        Path = path;
        if (IsZip(path))
        {
            _zip = ZipFile.OpenRead(path);
            ZipArchiveEntry? entry = _zip.Entries.FirstOrDefault(e => e.FullName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase));
            if (entry is null)
            {
                _zip.Dispose();
                throw new UsageException($"{path}: a zip without a .csv file (entries: {string.Join(", ", _zip.Entries.Select(e => e.FullName))})");
            }

            EntryName = entry.FullName;
            _reader = new StreamReader(entry.Open(), System.Text.Encoding.UTF8, false, 1 << 16);
        }
        else
        {
            _reader = new StreamReader(path, System.Text.Encoding.UTF8, false, 1 << 16);
        }
    }

    public string Path { get; }

    /// <summary>The CSV inside a zip, or null for a plain file.</summary>
    public string? EntryName { get; }

    /// <summary>The file as rejections name it: the path, with the zip's entry after a '!'.</summary>
    public string DisplayName => EntryName is null ? Path : Path + "!" + EntryName;

    /// <summary>1-based number of the line <see cref="ReadLine"/> returned last.</summary>
    public long Line { get; private set; }

    public string? ReadLine()
    {
        string? line = _reader.ReadLine();
        if (line is not null)
        {
            Line++;
        }

        return line;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _zip?.Dispose();
    }

    private static bool IsZip(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        using FileStream stream = File.OpenRead(path);
        return stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic[0] == (byte)'P' && magic[1] == (byte)'K' && magic[2] == 3 && magic[3] == 4;
    }
}
