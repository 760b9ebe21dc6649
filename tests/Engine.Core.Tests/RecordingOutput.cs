using Sbe = Engine.Codecs;

namespace Engine.Core.Tests;

/// <summary>Keeps a copy of every output the BLP publishes, in order, and can hash the whole stream.</summary>
public sealed class RecordingOutput : IEngineOutput
{
    private readonly List<(int TemplateId, byte[] Message)> _messages = [];

    public bool Recording { get; set; } = true;

    public long Count { get; private set; }

    public IReadOnlyList<(int TemplateId, byte[] Message)> Messages => _messages;

    /// <summary>Also hands every output to this sink (a test's venue), after recording it.</summary>
    public IEngineOutput? Forward { get; set; }

    public void Publish(int templateId, ReadOnlySpan<byte> message)
    {
        Count++;
        Forward?.Publish(templateId, message);
        if (Recording)
        {
            _messages.Add((templateId, message.ToArray()));
        }
    }

    public void Clear() => _messages.Clear();

    public IEnumerable<byte[]> OfType(int templateId) => _messages.Where(m => m.TemplateId == templateId).Select(m => m.Message);

    /// <summary>The engine order ids of the NewOrder requests sent so far, with their sides and prices.</summary>
    public List<(long Id, Sbe.Side Side, long Price, long Quantity, Sbe.OrderFlags Flags)> NewOrders() =>
        [.. OfType(Sbe.NewOrderDecoder.TemplateId).Select(bytes =>
        {
            var order = Sbe.NewOrderDecoder.WrapWithHeader(bytes, 0);
            return ((long)order.ClientOrderId, order.Side, order.Price.Mantissa, order.Quantity.Mantissa, order.Flags);
        })];

    public List<long> CancelRequests() =>
        [.. OfType(Sbe.CancelOrderDecoder.TemplateId).Select(bytes => (long)Sbe.CancelOrderDecoder.WrapWithHeader(bytes, 0).OrigClientOrderId)];
}
