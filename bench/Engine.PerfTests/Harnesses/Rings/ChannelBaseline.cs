using System.Diagnostics;
using System.Threading.Channels;

namespace Engine.PerfTests.Harnesses.Rings;

/// <summary>
/// The same-run baseline of the throughput harnesses: bounded <see cref="Channel"/>s used the recommended way
/// (<c>TryWrite</c>, falling back to <c>WriteAsync</c>; <c>WaitToReadAsync</c> + a <c>TryRead</c> drain loop).
/// </summary>
public static class ChannelBaseline
{
    /// <summary>
    /// <paramref name="producers"/> writers of values 0..perProducer-1 each, through <paramref name="stages"/> chained
    /// channels (each stage adds nothing: it forwards), to one reader; returns the elapsed ticks and the reader's sum.
    /// </summary>
    public static (long ElapsedTicks, long Sum, long Count) Run(int producers, long perProducer, int stages, int capacity)
    {
        var channels = new Channel<long>[stages];
        for (int i = 0; i < stages; i++)
        {
            channels[i] = Channel.CreateBounded<long>(new BoundedChannelOptions(capacity)
            {
                SingleReader = true,
                SingleWriter = i > 0 || producers == 1,
                FullMode = BoundedChannelFullMode.Wait,
                AllowSynchronousContinuations = false,
            });
        }

        long started = Stopwatch.GetTimestamp();
        var tasks = new List<Task>();
        var writers = new Task[producers];
        for (int p = 0; p < producers; p++)
        {
            writers[p] = Task.Run(() => ProduceAsync(channels[0].Writer, perProducer));
        }

        tasks.AddRange(writers);
        tasks.Add(Task.WhenAll(writers).ContinueWith(_ => channels[0].Writer.Complete(), TaskScheduler.Default));
        for (int i = 1; i < stages; i++)
        {
            ChannelReader<long> from = channels[i - 1].Reader;
            ChannelWriter<long> to = channels[i].Writer;
            tasks.Add(Task.Run(() => ForwardAsync(from, to)));
        }

        Task<(long Sum, long Count)> reader = Task.Run(() => ConsumeAsync(channels[stages - 1].Reader));
        (long sum, long count) = reader.GetAwaiter().GetResult();
        long elapsed = Stopwatch.GetTimestamp() - started;
        Task.WaitAll([.. tasks]);
        return (elapsed, sum, count);
    }

    private static async Task ProduceAsync(ChannelWriter<long> writer, long count)
    {
        for (long value = 0; value < count; value++)
        {
            if (!writer.TryWrite(value))
            {
                await writer.WriteAsync(value).ConfigureAwait(false);
            }
        }
    }

    private static async Task ForwardAsync(ChannelReader<long> reader, ChannelWriter<long> writer)
    {
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out long value))
            {
                if (!writer.TryWrite(value))
                {
                    await writer.WriteAsync(value).ConfigureAwait(false);
                }
            }
        }

        writer.Complete();
    }

    private static async Task<(long Sum, long Count)> ConsumeAsync(ChannelReader<long> reader)
    {
        long sum = 0;
        long count = 0;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out long value))
            {
                sum += value;
                count++;
            }
        }

        return (sum, count);
    }
}
