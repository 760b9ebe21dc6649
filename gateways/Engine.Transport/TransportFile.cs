using System.Diagnostics;
using System.IO.MemoryMappedFiles;
using Engine.Transport.Egress;
using Engine.Transport.Ingress;
using Engine.Transport.Liveness;
using Engine.Transport.Memory;

namespace Engine.Transport;

/// <summary>
/// One engine's shared-memory transport: the mapped file holding ingress, egress and the client table. The engine
/// creates it (<see cref="CreateForEngine"/>); gateways attach (<see cref="OpenForClient"/>). The mapping stays
/// valid until <see cref="Dispose"/>; the engine's dispose also deletes the file.
/// </summary>
public sealed unsafe class TransportFile : IDisposable
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly AtomicBuffer _whole;
    private readonly bool _ownedByEngine;
    private byte* _pointer;

    private TransportFile(string path, MemoryMappedFile file, MemoryMappedViewAccessor view, bool ownedByEngine, bool cleanedStaleFile)
    {
        Path = path;
        _file = file;
        _view = view;
        _ownedByEngine = ownedByEngine;
        CleanedStaleFile = cleanedStaleFile;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _pointer = pointer + view.PointerOffset;
        _whole = new AtomicBuffer(_pointer, checked((int)view.Capacity));

        IngressCapacity = _whole.GetInt32(TransportFileDescriptor.IngressCapacityOffset);
        EgressCapacity = _whole.GetInt32(TransportFileDescriptor.EgressCapacityOffset);
        int maxClients = _whole.GetInt32(TransportFileDescriptor.MaxClientsOffset);
        Ingress = new ManyToOneRingBuffer(_whole.Slice(TransportFileDescriptor.IngressOffset, RingBufferDescriptor.TotalLength(IngressCapacity)));
        EgressBuffer = _whole.Slice(TransportFileDescriptor.EgressOffset(IngressCapacity), BroadcastBufferDescriptor.TotalLength(EgressCapacity));
        Clients = new ClientTable(_whole.Slice(TransportFileDescriptor.ClientTableOffset(IngressCapacity, EgressCapacity), ClientTableDescriptor.TotalLength(maxClients)));
    }

    public string Path { get; }

    /// <summary>True when creating found a file left by a dead engine and removed it.</summary>
    public bool CleanedStaleFile { get; }

    public int IngressCapacity { get; }

    public int EgressCapacity { get; }

    /// <summary>Gateways to engine: any process writes, the engine's receiver reads.</summary>
    public ManyToOneRingBuffer Ingress { get; }

    /// <summary>Engine to gateways: wrap in one <see cref="BroadcastTransmitter"/> (engine) or a <see cref="BroadcastReceiver"/> per reader.</summary>
    public AtomicBuffer EgressBuffer { get; }

    public ClientTable Clients { get; }

    public ProcessIdentity Engine => new(
        _whole.GetInt32(TransportFileDescriptor.EnginePidOffset),
        _whole.GetInt64(TransportFileDescriptor.EngineProcessStartOffset));

    /// <summary>The engine's own heartbeat (Stopwatch ticks), refreshed by its receiver duty cycle.</summary>
    public long EngineHeartbeatTicks
    {
        get => _whole.GetInt64Volatile(TransportFileDescriptor.EngineHeartbeatOffset);
        set => _whole.PutInt64Ordered(TransportFileDescriptor.EngineHeartbeatOffset, value);
    }

    /// <summary>
    /// Creates the transport file for this engine process. A file left by an engine that is no longer running is
    /// removed first (<see cref="CleanedStaleFile"/>); a file of a running engine is refused.
    /// </summary>
    public static TransportFile CreateForEngine(TransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        string path = options.FilePath;
        bool cleaned = false;
        if (File.Exists(path))
        {
            ProcessIdentity owner = ReadOwner(path);
            if (owner.IsAlive && owner.Pid != Environment.ProcessId)
            {
                throw new TransportLayoutException($"{path} belongs to a running engine (pid {owner.Pid}); stop it or choose another transport name");
            }

            File.Delete(path);
            cleaned = true;
        }

        long length = TransportFileDescriptor.FileLength(options.IngressCapacity, options.EgressCapacity, options.MaxClients);
        MemoryMappedFile file;
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete))
        {
            stream.SetLength(length);
            file = MemoryMappedFile.CreateFromFile(stream, null, length, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: false);
        }

        MemoryMappedViewAccessor view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.ReadWrite);
        WriteHeader(view, options);
        return new TransportFile(path, file, view, ownedByEngine: true, cleaned);
    }

    /// <summary>
    /// Attaches to a running engine's transport file. Refuses, naming the file and the problem: no such file, not
    /// a transport file, another layout version, sizes that do not match the file, or an engine that is gone.
    /// </summary>
    public static TransportFile OpenForClient(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new TransportLayoutException($"{path}: no engine transport file; is the engine running with this transport name?");
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        long length = stream.Length;
        if (length < TransportFileDescriptor.HeaderLength)
        {
            stream.Dispose();
            throw new TransportLayoutException($"{path}: {length} bytes is too short for a transport file header ({TransportFileDescriptor.HeaderLength} bytes)");
        }

        MemoryMappedFile file = MemoryMappedFile.CreateFromFile(stream, null, length, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: false);
        MemoryMappedViewAccessor view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.ReadWrite);
        try
        {
            Validate(path, view, length);
            return new TransportFile(path, file, view, ownedByEngine: false, cleanedStaleFile: false);
        }
        catch
        {
            view.Dispose();
            file.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (_pointer == null)
        {
            return;
        }

        _pointer = null;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
        if (_ownedByEngine)
        {
            File.Delete(Path);
        }
    }

    private static void WriteHeader(MemoryMappedViewAccessor view, TransportOptions options)
    {
        ProcessIdentity self = ProcessIdentity.Current;
        view.Write(TransportFileDescriptor.MagicOffset, TransportFileDescriptor.Magic);
        view.Write(TransportFileDescriptor.LayoutVersionOffset, TransportFileDescriptor.LayoutVersion);
        view.Write(TransportFileDescriptor.HeaderLengthOffset, TransportFileDescriptor.HeaderLength);
        view.Write(TransportFileDescriptor.IngressCapacityOffset, options.IngressCapacity);
        view.Write(TransportFileDescriptor.EgressCapacityOffset, options.EgressCapacity);
        view.Write(TransportFileDescriptor.MaxClientsOffset, options.MaxClients);
        view.Write(TransportFileDescriptor.EnginePidOffset, self.Pid);
        view.Write(TransportFileDescriptor.EngineProcessStartOffset, self.StartTime);
        view.Write(TransportFileDescriptor.EngineHeartbeatOffset, Stopwatch.GetTimestamp());

        // Ready is written last with a full fence: a client that sees it sees every field above.
        Interlocked.MemoryBarrier();
        view.Write(TransportFileDescriptor.ReadyOffset, 1);
        view.Flush();
    }

    private static void Validate(string path, MemoryMappedViewAccessor view, long length)
    {
        long magic = view.ReadInt64(TransportFileDescriptor.MagicOffset);
        if (magic != TransportFileDescriptor.Magic)
        {
            throw new TransportLayoutException($"{path}: not an engine transport file (magic 0x{magic:X16}, expected 0x{TransportFileDescriptor.Magic:X16})");
        }

        int version = view.ReadInt32(TransportFileDescriptor.LayoutVersionOffset);
        if (version != TransportFileDescriptor.LayoutVersion)
        {
            throw new TransportLayoutException($"{path}: transport layout version {version}, but this build speaks version {TransportFileDescriptor.LayoutVersion}; run matching engine and gateway builds");
        }

        if (view.ReadInt32(TransportFileDescriptor.ReadyOffset) != 1)
        {
            throw new TransportLayoutException($"{path}: the engine has not finished initialising the transport file; retry");
        }

        int ingress = view.ReadInt32(TransportFileDescriptor.IngressCapacityOffset);
        int egress = view.ReadInt32(TransportFileDescriptor.EgressCapacityOffset);
        int maxClients = view.ReadInt32(TransportFileDescriptor.MaxClientsOffset);
        var sizes = new TransportOptions { IngressCapacity = ingress, EgressCapacity = egress, MaxClients = maxClients };
        try
        {
            sizes.Validate();
        }
        catch (ArgumentException e)
        {
            throw new TransportLayoutException($"{path}: header holds impossible sizes: {e.Message}");
        }

        long expected = TransportFileDescriptor.FileLength(ingress, egress, maxClients);
        if (expected != length)
        {
            throw new TransportLayoutException($"{path}: file is {length} bytes but its header describes {expected} bytes (ingress {ingress}, egress {egress}, clients {maxClients})");
        }

        var engine = new ProcessIdentity(view.ReadInt32(TransportFileDescriptor.EnginePidOffset), view.ReadInt64(TransportFileDescriptor.EngineProcessStartOffset));
        if (!engine.IsAlive)
        {
            throw new TransportLayoutException($"{path}: stale transport file of engine pid {engine.Pid}, which is no longer running");
        }
    }

    /// <summary>The engine recorded in an existing file. A file that is not ours is never deleted: it is refused.</summary>
    private static ProcessIdentity ReadOwner(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        Span<byte> header = stackalloc byte[TransportFileDescriptor.EngineHeartbeatOffset];
        if (stream.Read(header) < header.Length || BitConverter.ToInt64(header) != TransportFileDescriptor.Magic)
        {
            throw new TransportLayoutException($"{path} exists and is not an engine transport file; remove it or choose another transport name");
        }

        return new ProcessIdentity(
            BitConverter.ToInt32(header[TransportFileDescriptor.EnginePidOffset..]),
            BitConverter.ToInt64(header[TransportFileDescriptor.EngineProcessStartOffset..]));
    }
}
