using System.Diagnostics;
using System.Globalization;
using Engine.Transport;
using Engine.Transport.Ingress;

namespace Engine.PerfTests.Harnesses.Ipc;

/// <summary>
/// ipc-throughput: 64-byte messages from a gateway process into the engine's ingress ring, every message checked
/// for order and integrity. Baseline, same run: the same messages through an OS pipe (the peer's stdout,
/// buffered 64 KiB), which is what a socket- or pipe-based gateway would get at best.
/// </summary>
public sealed class IpcThroughputHarness : IHarness
{
    public string Name => "ipc-throughput";

    public string Description => "64-byte messages, gateway process -> engine over shared memory; baseline: OS pipe";

    public void Run(HarnessContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        long count = context.Quick ? 5_000_000 : 20_000_000;
        int rounds = context.Quick ? 3 : 5;
        var shared = new List<double>();
        var pipe = new List<double>();
        for (int round = 0; round < rounds; round++)
        {
            shared.Add(MeasureSharedMemory(count));
            pipe.Add(MeasurePipe(count));
            context.Log.WriteLine($"  round {round + 1}: shared memory {shared[^1] / 1e6:F1} M msgs/s, pipe {pipe[^1] / 1e6:F1} M msgs/s");
        }

        context.Report(new HarnessResult(Name, Median(shared), "msgs/s", "os-pipe-64KiB-buffered", Median(pipe))
        {
            Extra = new Dictionary<string, double> { ["messages"] = count, ["rounds"] = rounds, ["messageBytes"] = IpcMessage.Length },
        });
    }

    internal static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
    }

    private static double MeasureSharedMemory(long count)
    {
        var options = new TransportOptions { Name = $"engine-perf-{Environment.ProcessId}-{Guid.NewGuid():N}" };
        using TransportFile transport = TransportFile.CreateForEngine(options);
        using var peer = PeerProcess.Start("produce", options.FilePath, count.ToString(CultureInfo.InvariantCulture));
        var verifier = new SequenceVerifier();
        long start = Stopwatch.GetTimestamp();
        peer.Go();
        while (verifier.Next < count && verifier.Errors == 0)
        {
            if (transport.Ingress.Read(ref verifier, 4096) == 0)
            {
                Thread.SpinWait(4);
            }
        }

        long elapsed = Stopwatch.GetTimestamp() - start;
        peer.WaitForSuccess();
        if (verifier.Errors != 0 || verifier.Next != count)
        {
            throw new HarnessVerificationException($"shared memory: {verifier.Errors} bad messages, {verifier.Next} of {count} received");
        }

        return count * (double)Stopwatch.Frequency / elapsed;
    }

    private static double MeasurePipe(long count)
    {
        using var peer = PeerProcess.Start("pipe-produce", count.ToString(CultureInfo.InvariantCulture));
        byte[] buffer = new byte[64 * 1024];
        long next = 0;
        int pending = 0;
        long start = Stopwatch.GetTimestamp();
        peer.Go();
        while (next < count)
        {
            int read = peer.Output.Read(buffer, pending, buffer.Length - pending);
            if (read == 0)
            {
                break;
            }

            int available = pending + read;
            int offset = 0;
            for (; offset + IpcMessage.Length <= available; offset += IpcMessage.Length)
            {
                if (IpcMessage.Read(buffer.AsSpan(offset, IpcMessage.Length)) != next)
                {
                    throw new HarnessVerificationException($"pipe: message {next} is corrupt or out of order");
                }

                next++;
            }

            pending = available - offset;
            buffer.AsSpan(offset, pending).CopyTo(buffer);
        }

        long elapsed = Stopwatch.GetTimestamp() - start;
        peer.WaitForSuccess();
        if (next != count)
        {
            throw new HarnessVerificationException($"pipe: {next} of {count} received");
        }

        return count * (double)Stopwatch.Frequency / elapsed;
    }

    private struct SequenceVerifier : IMessageHandler
    {
        public long Next;
        public long Errors;

        public void OnMessage(int type, ReadOnlySpan<byte> message)
        {
            if (type != IpcMessage.Type || IpcMessage.Read(message) != Next)
            {
                Errors++;
            }

            Next++;
        }
    }
}
