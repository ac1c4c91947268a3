using CpmSim.Core.Tracing;

namespace CpmSim.Tests.Tracing;

public class TracerTests
{
    [Test]
    public void IsTraced_AnySampleRate_AgreesWithTheRemainder()
    {
        var random = new System.Random(5);
        int[] rates = [1, 2, 3, 7, 8, 10, 20, 64, 100, 1000, 1 << 20, 999_983, int.MaxValue];
        foreach (int every in rates)
        {
            var tracer = new Tracer(new MemoryTraceSink()) { SampleEvery = every };
            for (int i = 0; i < 20_000; i++)
            {
                long id = i < 10_000 ? i : random.NextInt64(long.MaxValue);
                Assert.That(tracer.IsTraced(id), Is.EqualTo(id % every == 0), $"session {id}, one in {every}");
            }

            Assert.That(tracer.IsTraced(-3L * every), Is.True);
            Assert.That(tracer.IsTraced(long.MaxValue - (long.MaxValue % every)), Is.True);
        }
    }
}
