using System.Text;

namespace Engine.Cli.Backtesting.Reports;

/// <summary>
/// Writes report.json, equity.csv and trades.csv into a folder without ever leaving a half-written file: each is
/// written and flushed to disk under a temporary name in the same folder, and only when all three are complete are
/// they renamed over their final names (a rename within a folder replaces a file whole). On failure the temporary
/// files are removed and the folder's previous report files stay as they were. Stateless.
/// </summary>
public static class ReportWriter
{
    private const string TemporarySuffix = ".partial";

    /// <summary>
    /// Writes the report's files into <paramref name="folder"/> (created when missing). A folder that cannot be
    /// created or written is a <see cref="UsageException"/> naming it and the reason.
    /// </summary>
    public static void WriteTo(BacktestReport report, string folder) => WriteTo(report, folder, []);

    /// <summary>
    /// As <see cref="WriteTo(BacktestReport, string)"/>, with more files written in the same all-or-nothing step (the
    /// seam for report.html: a writer of (name, write to stream) joins the three).
    /// </summary>
    public static void WriteTo(BacktestReport report, string folder, IReadOnlyList<(string Name, Action<Stream> Write)> extraFiles)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(extraFiles);
        var files = new List<(string Name, Action<Stream> Write)>
        {
            (ReportJson.FileName, stream => ReportJson.Write(report, stream)),
            (ReportCsv.EquityFileName, stream => WriteText(stream, writer => ReportCsv.WriteEquity(report, writer))),
            (ReportCsv.TradesFileName, stream => WriteText(stream, writer => ReportCsv.WriteTrades(report, writer))),
        };
        files.AddRange(extraFiles);
        var written = new List<string>();
        bool renamed = false;
        try
        {
            Directory.CreateDirectory(folder);
            foreach ((string name, Action<Stream> write) in files)
            {
                string temporary = Path.Combine(folder, name + TemporarySuffix);
                written.Add(temporary);
                using var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None);
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            foreach ((string name, _) in files)
            {
                File.Move(Path.Combine(folder, name + TemporarySuffix), Path.Combine(folder, name), overwrite: true);
            }

            renamed = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--report {folder}: cannot write the report there ({e.Message})");
        }
        finally
        {
            if (!renamed)
            {
                // Whatever stopped the write (a full disk, a report that cannot be written), no partial file stays.
                foreach (string temporary in written)
                {
                    TryDelete(temporary);
                }
            }
        }
    }

    private static void WriteText(Stream stream, Action<TextWriter> write)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 65_536, leaveOpen: true);
        write(writer);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the error that stopped the write is the one to report.
        }
    }
}
