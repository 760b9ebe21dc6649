namespace Engine.Transport.Ingress;

/// <summary>
/// Receives records read from a transport buffer. Implement it as a struct (passed by ref) so the read loop is
/// specialised by the JIT and makes no virtual call. The span is valid only during the call.
/// </summary>
public interface IMessageHandler
{
    void OnMessage(int type, ReadOnlySpan<byte> message);
}
