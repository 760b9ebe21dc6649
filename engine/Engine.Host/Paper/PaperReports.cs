using System.Collections.Concurrent;

namespace Engine.Host;

/// <summary>
/// The paper venues' execution reports on their way into the engine: the BLP thread (where the paper venues run)
/// adds them, the receiver takes them and treats each as an ingress frame from a venue gateway (checked, stamped with
/// the engine time, journaled, applied). Unbounded, because the BLP thread must never wait for the receiver, which may
/// itself be waiting for the BLP to free ring slots; its size is bounded by the orders the engine has open. Each
/// report is copied once into an array of its own (paper mode only; the live engine never creates this queue).
/// Thread-safe: one producer (the BLP thread), one consumer (the receiver).
/// </summary>
public sealed class PaperReports
{
    private readonly ConcurrentQueue<(int TemplateId, byte[] Message)> _queue = new();

    /// <summary>Reports the receiver has not taken yet.</summary>
    public int Pending => _queue.Count;

    public void Add(int templateId, ReadOnlySpan<byte> message) => _queue.Enqueue((templateId, message.ToArray()));

    public bool TryTake(out int templateId, out byte[] message)
    {
        if (_queue.TryDequeue(out (int TemplateId, byte[] Message) report))
        {
            (templateId, message) = report;
            return true;
        }

        (templateId, message) = (0, []);
        return false;
    }
}
