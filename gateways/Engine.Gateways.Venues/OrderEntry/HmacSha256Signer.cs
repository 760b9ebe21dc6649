using System.Buffers.Text;
using System.Security.Cryptography;

namespace Engine.Gateways.Venues.OrderEntry;

/// <summary>
/// HMAC-SHA256 of a request, as the venues sign them: Binance as lowercase hex of the query, OKX as base64 of
/// <c>timestamp + method + path + body</c>. The keyed hash is created once per session and reset by every signature, so
/// signing an order allocates nothing; the message may be appended in pieces (OKX signs four parts).
/// <para>
/// The secret lives only inside the hash object: it is never kept as a string, so it cannot reach a log line or an
/// exception message by accident. One thread (the gateway's duty cycle).
/// </para>
/// </summary>
public sealed class HmacSha256Signer : IDisposable
{
    /// <summary>Bytes of the MAC.</summary>
    public const int MacLength = 32;

    /// <summary>Characters of the MAC as hex.</summary>
    public const int HexLength = 2 * MacLength;

    /// <summary>Characters of the MAC as padded base64.</summary>
    public const int Base64Length = 44;

    private readonly IncrementalHash _hmac;

    public HmacSha256Signer(ReadOnlySpan<byte> secret)
    {
        if (secret.IsEmpty)
        {
            throw new ArgumentException("the API secret is empty", nameof(secret));
        }

        _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret);
    }

    /// <summary>Adds the next piece of the signed message.</summary>
    public void Append(ReadOnlySpan<byte> piece) => _hmac.AppendData(piece);

    /// <summary>Writes the MAC of everything appended as 64 lowercase hex digits (UTF-8) and starts a new message.</summary>
    public int FinishHex(Span<byte> destination)
    {
        Span<byte> mac = stackalloc byte[MacLength];
        _hmac.GetHashAndReset(mac);
        if (!Convert.TryToHexStringLower(mac, destination, out int written))
        {
            throw new ArgumentException($"the destination holds {destination.Length} bytes; a hex signature needs {HexLength}", nameof(destination));
        }

        return written;
    }

    /// <summary>Writes the MAC of everything appended as padded base64 (UTF-8) and starts a new message.</summary>
    public int FinishBase64(Span<byte> destination)
    {
        Span<byte> mac = stackalloc byte[MacLength];
        _hmac.GetHashAndReset(mac);
        if (Base64.EncodeToUtf8(mac, destination, out _, out int written) != System.Buffers.OperationStatus.Done)
        {
            throw new ArgumentException($"the destination holds {destination.Length} bytes; a base64 signature needs {Base64Length}", nameof(destination));
        }

        return written;
    }

    public void Dispose() => _hmac.Dispose();
}
