using Engine.Gateways.Hosting.Connection;

namespace Engine.Gateways.Hosting.Venues;

/// <summary>The host's sink: every frame an adapter emits goes into ingress through the back-pressure writer.</summary>
internal readonly struct IngressFrameSink : IFrameSink
{
    private readonly IngressWriter _writer;

    public IngressFrameSink(IngressWriter writer) => _writer = writer;

    public void OnFrame(int templateId, ReadOnlySpan<byte> sbeMessage) => _writer.Write(templateId, sbeMessage);
}
