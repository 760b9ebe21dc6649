namespace Engine.Matching;

public sealed partial class PriceLadder
{
    /// <summary>Walks the slots from the best level to the worst; a struct, so a foreach over it allocates nothing.</summary>
    public struct BestFirstSlots
    {
        private readonly PriceLadder _ladder;
        private int _position;
        private int _slot;
        private int _chunkStart;

        internal BestFirstSlots(PriceLadder ladder)
        {
            _ladder = ladder;
            _position = ladder._chunksInUse;
            _slot = 0;
            _chunkStart = 0;
        }

        public readonly int Current => _slot;

        public readonly BestFirstSlots GetEnumerator() => this;

        public bool MoveNext()
        {
            if (_slot > _chunkStart)
            {
                _slot--;
                return true;
            }

            if (_position == 0)
            {
                return false;
            }

            _position--;
            int chunk = _ladder._order[_position];
            _chunkStart = chunk << ChunkShift;
            _slot = _chunkStart + _ladder._chunkCounts[chunk] - 1;
            return true;
        }
    }
}
