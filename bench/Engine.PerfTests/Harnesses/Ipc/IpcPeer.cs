using System.Globalization;
using Engine.Transport;
using Engine.Transport.Egress;
using Engine.Transport.Ingress;

namespace Engine.PerfTests.Harnesses.Ipc;

/// <summary>
/// The gateway side of the IPC harnesses, run as a separate process (this executable with the peer command).
/// Roles: <c>produce FILE COUNT</c> and <c>echo FILE COUNT</c> over shared memory; <c>pipe-produce COUNT</c> and
/// <c>pipe-echo COUNT</c> over the process's stdin/stdout (the OS-pipe baseline). Each waits for a line on stdin
/// before starting so process start-up is never measured.
/// </summary>
public static class IpcPeer
{
    public const string Command = "ipc-peer";

    public static int Run(string[] args)
    {
        string role = args[0];
        switch (role)
        {
            case "produce":
                return ProduceShared(args[1], long.Parse(args[2], CultureInfo.InvariantCulture));
            case "echo":
                return EchoShared(args[1], long.Parse(args[2], CultureInfo.InvariantCulture));
            case "pipe-produce":
                return ProducePipe(long.Parse(args[1], CultureInfo.InvariantCulture));
            case "pipe-echo":
                return EchoPipe(long.Parse(args[1], CultureInfo.InvariantCulture));
            default:
                Console.Error.WriteLine($"ipc-peer: unknown role {role}");
                return 2;
        }
    }

    private static int ProduceShared(string path, long count)
    {
        using TransportFile transport = TransportFile.OpenForClient(path);
        Console.WriteLine("ready");
        _ = Console.ReadLine();
        Span<byte> message = stackalloc byte[IpcMessage.Length];
        ManyToOneRingBuffer ingress = transport.Ingress;
        for (long sequence = 0; sequence < count; sequence++)
        {
            IpcMessage.Write(message, sequence);
            while (ingress.Write(IpcMessage.Type, message) == OfferResult.BackPressured)
            {
                Thread.SpinWait(8);
            }
        }

        return 0;
    }

    private static int EchoShared(string path, long count)
    {
        using TransportFile transport = TransportFile.OpenForClient(path);
        var receiver = new BroadcastReceiver(transport.EgressBuffer);
        byte[] scratch = new byte[transport.EgressCapacity / 8];
        Console.WriteLine("ready");
        _ = Console.ReadLine();
        for (long echoed = 0; echoed < count;)
        {
            ReceiveResult result = receiver.TryReceive(scratch, out _, out int length);
            if (result == ReceiveResult.Message)
            {
                while (transport.Ingress.Write(IpcMessage.Type, scratch.AsSpan(0, length)) == OfferResult.BackPressured)
                {
                    Thread.SpinWait(1);
                }

                echoed++;
            }
            else if (result == ReceiveResult.Lapped)
            {
                Console.Error.WriteLine("ipc-peer: echo was lapped");
                return 1;
            }
        }

        return 0;
    }

    /// <summary>Reads one text line byte by byte, so no reader buffers the binary data that follows it.</summary>
    public static string? ReadRawLine(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var line = new System.Text.StringBuilder();
        while (true)
        {
            int b = stream.ReadByte();
            if (b < 0)
            {
                return line.Length == 0 ? null : line.ToString();
            }

            if (b == '\n')
            {
                return line.ToString();
            }

            line.Append((char)b);
        }
    }

    private static void WriteRawLine(Stream stream, string line)
    {
        stream.Write(System.Text.Encoding.ASCII.GetBytes(line + "\n"));
        stream.Flush();
    }

    private static int ProducePipe(long count)
    {
        using Stream stdin = Console.OpenStandardInput();
        using Stream stdout = Console.OpenStandardOutput();
        WriteRawLine(stdout, "ready");
        _ = ReadRawLine(stdin);
        using var buffered = new BufferedStream(stdout, 64 * 1024);
        Span<byte> message = stackalloc byte[IpcMessage.Length];
        for (long sequence = 0; sequence < count; sequence++)
        {
            IpcMessage.Write(message, sequence);
            buffered.Write(message);
        }

        buffered.Flush();
        return 0;
    }

    private static int EchoPipe(long count)
    {
        using Stream stdin = Console.OpenStandardInput();
        using Stream stdout = Console.OpenStandardOutput();
        WriteRawLine(stdout, "ready");
        _ = ReadRawLine(stdin);
        byte[] message = new byte[IpcMessage.Length];
        for (long echoed = 0; echoed < count; echoed++)
        {
            stdin.ReadExactly(message);
            stdout.Write(message);
            stdout.Flush();
        }

        return 0;
    }
}
