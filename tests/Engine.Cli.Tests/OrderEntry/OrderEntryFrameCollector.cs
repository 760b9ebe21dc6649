using Engine.Gateways.Hosting.Venues;

namespace Engine.Cli.Tests.OrderEntry;

/// <summary>The test's frame sink: copies each frame the adapter emits.</summary>
internal struct OrderEntryFrameCollector : IFrameSink
{
    private List<(int, byte[])>? _frames;

    public void OnFrame(int templateId, ReadOnlySpan<byte> sbeMessage) => (_frames ??= []).Add((templateId, sbeMessage.ToArray()));

    public List<(int, byte[])> Take()
    {
        List<(int, byte[])> taken = _frames ?? [];
        _frames = null;
        return taken;
    }
}
