using Engine.Matching.Lobster;

namespace Engine.Cli.Lobster;

/// <summary>
/// Reads a LOBSTER message file and its orderbook file in lockstep, one (message, row) pair at a time, turning any
/// malformed line into a <see cref="CommandFailedException"/> naming the file and line. Owned by the command's thread.
/// </summary>
internal sealed class LobsterDayReader : IDisposable
{
    private readonly StreamReader _messages;
    private readonly StreamReader _orderbook;
    private readonly string _messagePath;
    private readonly string _orderbookPath;
    private readonly int _levels;

    public LobsterDayReader(string messagePath, string orderbookPath, int levels)
    {
        _messagePath = messagePath;
        _orderbookPath = orderbookPath;
        _levels = levels;
        _messages = Open(messagePath, "--messages");
        try
        {
            _orderbook = Open(orderbookPath, "--orderbook");
        }
        catch
        {
            _messages.Dispose();
            throw;
        }

        Row = new long[4 * levels];
    }

    /// <summary>The orderbook row of the current message.</summary>
    public long[] Row { get; }

    public LobsterMessage Message { get; private set; }

    /// <summary>1-based number of the current line (the same in both files).</summary>
    public long Line { get; private set; }

    public bool Next()
    {
        string? messageLine = _messages.ReadLine();
        string? bookLine = _orderbook.ReadLine();
        if (messageLine is null && bookLine is null)
        {
            return false;
        }

        Line++;
        if (messageLine is null || bookLine is null)
        {
            string shorter = messageLine is null ? _messagePath : _orderbookPath;
            throw new CommandFailedException($"{shorter} ends at line {Line - 1} but the other file goes on: the message and orderbook files must have the same number of rows");
        }

        try
        {
            Message = LobsterFormat.ParseMessage(messageLine);
        }
        catch (FormatException e)
        {
            throw new CommandFailedException($"{_messagePath}:{Line}: {e.Message}", e);
        }

        try
        {
            LobsterFormat.ParseBookRow(bookLine, _levels, Row);
        }
        catch (FormatException e)
        {
            throw new CommandFailedException($"{_orderbookPath}:{Line}: {e.Message}", e);
        }

        return true;
    }

    public void Dispose()
    {
        _messages.Dispose();
        _orderbook.Dispose();
    }

    /// <summary>Fails naming the option and the file when <paramref name="path"/> is not a file that exists.</summary>
    public static void RequireFile(string path, string option)
    {
        if (Directory.Exists(path))
        {
            throw new CommandFailedException($"{option}: '{path}' is a directory, not a file");
        }

        if (!File.Exists(path))
        {
            throw new CommandFailedException($"{option}: file '{path}' not found");
        }
    }

    private static StreamReader Open(string path, string option)
    {
        RequireFile(path, option);
        return new StreamReader(path, System.Text.Encoding.ASCII, false, 1 << 16);
    }
}
