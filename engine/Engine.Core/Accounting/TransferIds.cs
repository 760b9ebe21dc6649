using Engine.Ledger.Postings;
using Engine.Ledger.Transfers;

namespace Engine.Core;

/// <summary>
/// Transfer ids derived from the input sequence, so replay reproduces every id: input s owns the ids
/// s x 256 + 1 .. s x 256 + 255, handed out as bases <see cref="TradingPostings.MaxLegs"/> apart (31 postings per
/// input; a 32nd is a bug and fails loudly). Owned by the BLP thread.
/// </summary>
public struct TransferIds
{
    public const int PostingsPerInput = 31;
    private long _sequence;
    private int _used;

    public void Begin(long sequence)
    {
        _sequence = sequence;
        _used = 0;
    }

    public TransferId Next()
    {
        if (_used == PostingsPerInput)
        {
            throw new InvalidOperationException($"input {_sequence} needed more than {PostingsPerInput} ledger postings");
        }

        return new TransferId(checked((_sequence * 256) + 1 + (_used++ * TradingPostings.MaxLegs)));
    }
}
