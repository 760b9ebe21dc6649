using System.Buffers.Binary;
using Engine.Core;

namespace Engine.Host;

/// <summary>
/// What the live pipeline and the backtest loop both need to turn frames into journaled inputs: the exchange time a
/// market-data frame carries, and the start-up deposits the engine journals on a fresh journal.
/// </summary>
public static class InputFrames
{
    /// <summary>The exchange time of a market-data frame (its first field, <see cref="Codecs.MessageCatalog"/>); 0 for every other input.</summary>
    public static long ExchangeTime(int templateId, ReadOnlySpan<byte> message) =>
        Codecs.MessageCatalog.IsMarketData(templateId) ? BinaryPrimitives.ReadInt64LittleEndian(message[Codecs.EngineSchema.HeaderLength..]) : 0;

    /// <summary>
    /// Encodes the config's deposits as FundsTransferRequest inputs (request ids 1..n, stamped <paramref name="requestTime"/>)
    /// and hands each to <paramref name="publish"/> with its template id. An asset no instrument trades is a config error.
    /// </summary>
    public static void EncodeDeposits(EngineConfig config, AssetTable assets, long requestTime, Action<int, byte[], int> publish)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(assets);
        ArgumentNullException.ThrowIfNull(publish);
        byte[] buffer = new byte[128];
        ulong request = 0;
        foreach (EngineConfig.Deposit deposit in config.Deposits)
        {
            if (!assets.TryGet(deposit.Asset, out Engine.Ledger.Accounts.AssetId asset))
            {
                throw new EngineConfigException($"{config.Path}: $.deposits: asset '{deposit.Asset}' is not traded by any configured instrument");
            }

            var transfer = Codecs.FundsTransferRequestEncoder.WrapAndApplyHeader(buffer, 0);
            transfer.RequestId = ++request;
            transfer.AccountId = (ulong)deposit.Account.Value;
            transfer.Amount.SetMantissa(deposit.Amount.Units);
            transfer.RequestTime = requestTime;
            transfer.AssetId = (uint)asset.Value;
            transfer.PrincipalId = 0;
            transfer.Direction = Codecs.FundsDirection.Deposit;
            publish(Codecs.FundsTransferRequestEncoder.TemplateId, buffer, Codecs.EngineSchema.HeaderLength + transfer.EncodedLength);
        }
    }
}
