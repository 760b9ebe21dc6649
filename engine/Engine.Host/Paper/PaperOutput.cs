using Engine.Core;

namespace Engine.Host;

/// <summary>
/// The BLP's output in paper mode: order requests naming a paper venue go to that venue (<see cref="PaperVenues"/>)
/// and never to egress, so no venue gateway (order entry included) ever sees them; everything else is published on
/// egress as in live mode. Muted with the egress publisher while recovery replays the journal (the paper venues then
/// see nothing: their books start afresh). Owned by the BLP thread.
/// </summary>
public sealed class PaperOutput(EgressPublisher egress, PaperVenues paper) : IEngineOutput
{
    public void Publish(int templateId, ReadOnlySpan<byte> message)
    {
        if (egress.Muted)
        {
            return;
        }

        if (Codecs.MessageCatalog.IsOrderRequest(templateId) && paper.TryTake(templateId, message))
        {
            return;
        }

        egress.Publish(templateId, message);
    }
}
