namespace CpmSim.Tests.Processes;

/// <summary>
/// CPython's <c>random</c> module (MT19937 seeded by <c>init_by_array</c>, and the functions SimPy's
/// examples call), so that an example rebuilt here draws the very numbers the Python original drew
/// for the same seed. Checked against CPython's own output in <see cref="SimPyExampleTests"/>.
/// </summary>
internal sealed class PythonRandom
{
    private const int N = 624;
    private const int M = 397;
    private readonly uint[] _mt = new uint[N];
    private int _index = N + 1;

    /// <summary><c>random.seed(seed)</c> for a non-negative integer below 2³².</summary>
    public PythonRandom(uint seed)
    {
        InitByArray([seed]);
    }

    private void InitGenrand(uint s)
    {
        _mt[0] = s;
        for (int i = 1; i < N; i++)
        {
            _mt[i] = unchecked((1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30))) + (uint)i);
        }

        _index = N;
    }

    private void InitByArray(uint[] key)
    {
        InitGenrand(19650218u);
        int i = 1;
        int j = 0;
        for (int k = Math.Max(N, key.Length); k > 0; k--)
        {
            _mt[i] = unchecked((_mt[i] ^ ((_mt[i - 1] ^ (_mt[i - 1] >> 30)) * 1664525u)) + key[j] + (uint)j);
            i++;
            j++;
            if (i >= N)
            {
                _mt[0] = _mt[N - 1];
                i = 1;
            }

            if (j >= key.Length)
            {
                j = 0;
            }
        }

        for (int k = N - 1; k > 0; k--)
        {
            _mt[i] = unchecked((_mt[i] ^ ((_mt[i - 1] ^ (_mt[i - 1] >> 30)) * 1566083941u)) - (uint)i);
            i++;
            if (i >= N)
            {
                _mt[0] = _mt[N - 1];
                i = 1;
            }
        }

        _mt[0] = 0x80000000u;
    }

    private uint Genrand()
    {
        if (_index >= N)
        {
            for (int kk = 0; kk < N; kk++)
            {
                uint y = (_mt[kk] & 0x80000000u) | (_mt[(kk + 1) % N] & 0x7fffffffu);
                _mt[kk] = _mt[(kk + M) % N] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908b0dfu : 0u);
            }

            _index = 0;
        }

        uint z = _mt[_index++];
        z ^= z >> 11;
        z ^= (z << 7) & 0x9d2c5680u;
        z ^= (z << 15) & 0xefc60000u;
        z ^= z >> 18;
        return z;
    }

    /// <summary><c>random.random()</c>: 53 bits.</summary>
    public double Random()
    {
        uint a = Genrand() >> 5;
        uint b = Genrand() >> 6;
        return ((a * 67108864.0) + b) * (1.0 / 9007199254740992.0);
    }

    /// <summary><c>random.getrandbits(k)</c> for k ≤ 32.</summary>
    public uint GetRandBits(int k) => Genrand() >> (32 - k);

    /// <summary><c>random.randint(a, b)</c>: <c>a + _randbelow(b − a + 1)</c>, by rejection.</summary>
    public int RandInt(int a, int b)
    {
        int n = b - a + 1;
        int k = 32 - int.LeadingZeroCount(n);
        uint r = GetRandBits(k);
        while (r >= n)
        {
            r = GetRandBits(k);
        }

        return a + (int)r;
    }

    /// <summary><c>random.expovariate(lambd)</c>.</summary>
    public double ExpoVariate(double lambd) => -Math.Log(1.0 - Random()) / lambd;

    /// <summary><c>random.uniform(a, b)</c>.</summary>
    public double Uniform(double a, double b) => a + ((b - a) * Random());

    /// <summary><c>random.normalvariate(mu, sigma)</c> (Kinderman and Monahan).</summary>
    public double NormalVariate(double mu, double sigma)
    {
        double magic = 4 * Math.Exp(-0.5) / Math.Sqrt(2.0);
        double z;
        while (true)
        {
            double u1 = Random();
            double u2 = 1.0 - Random();
            z = magic * (u1 - 0.5) / u2;
            double zz = z * z / 4.0;
            if (zz <= -Math.Log(u2))
            {
                break;
            }
        }

        return mu + (z * sigma);
    }
}
