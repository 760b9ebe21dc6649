using System.Diagnostics;
using Engine.Transport;
using Engine.Transport.Egress;
using Engine.Transport.Ingress;
using Engine.Transport.Liveness;

namespace Engine.Gateways.Hosting.Tests;

/// <summary>
/// The engine's side of a real transport file in a temp folder, played in-process by the test: the engine's process
/// is alive, and the test controls its heartbeat, egress, ingress, client table and the file itself.
/// </summary>
public sealed class PlayedEngine : IDisposable
{
    private readonly string _folder;
    private readonly BroadcastTransmitter _transmitter;

    public PlayedEngine(int ingressCapacity = 1 << 16, int egressCapacity = 1 << 16)
    {
        _folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "engine-hosting-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        Transport = TransportFile.CreateForEngine(new TransportOptions
        {
            Directory = _folder,
            Name = "engine-ipc",
            IngressCapacity = ingressCapacity,
            EgressCapacity = egressCapacity,
            MaxClients = 2,
        });
        _transmitter = new BroadcastTransmitter(Transport.EgressBuffer);
    }

    public TransportFile Transport { get; }

    public string Path => Transport.Path;

    public void Transmit(int type, ReadOnlySpan<byte> message) => _transmitter.Transmit(type, message);

    /// <summary>What the engine's receiver does on each duty cycle.</summary>
    public void Heartbeat() => Transport.EngineHeartbeatTicks = Stopwatch.GetTimestamp();

    /// <summary>Reads what ingress holds, in order.</summary>
    public int ReadIngress(List<(int Type, byte[] Bytes)> into)
    {
        var handler = new RecordingHandler(into);
        int total = 0;
        int read;
        while ((read = Transport.Ingress.Read(ref handler, 1_000)) > 0)
        {
            total += read;
        }

        return total;
    }

    /// <summary>Declares every attached client dead, as the engine does with one whose heartbeat is late.</summary>
    public List<DeadClient> DeclareEveryClientDead()
    {
        var dead = new List<DeadClient>();
        Transport.Clients.ScanForDead(Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 3_600), 0, dead);
        return dead;
    }

    /// <summary>
    /// Makes the file name an engine that no longer runs: the recorded start time no longer matches this process, as
    /// when the engine died and the OS reused its pid.
    /// </summary>
    public void ForgetEngineProcess()
    {
        using var file = new FileStream(Path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        file.Position = TransportFileDescriptor.EngineProcessStartOffset;
        file.Write(BitConverter.GetBytes(ProcessIdentity.Current.StartTime + 1));
    }

    public void Dispose()
    {
        Transport.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private readonly struct RecordingHandler(List<(int Type, byte[] Bytes)> frames) : IMessageHandler
    {
        public void OnMessage(int type, ReadOnlySpan<byte> message) => frames.Add((type, message.ToArray()));
    }
}
