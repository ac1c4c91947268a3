using CpmSim.Core.Kernel;
using CpmSim.Core.Random;
using CpmSim.Scenarios.Cpm;

namespace CpmSim.Scenarios.Workloads;

/// <summary>
/// Starts sessions on the originating client at the workload's arrival times, each with a plan
/// drawn from the user behaviour. Session ids count from 1 in arrival order.
/// </summary>
public sealed class WorkloadSource : EventTarget
{
    private readonly WorkloadDefinition _workload;
    private readonly SessionPlan _template;
    private readonly CpmClient _client;
    private readonly RandomStream _arrivals;
    private readonly RandomStream _behaviour;
    private readonly RandomStream _recipients;
    private readonly string[] _chatCache = new string[2048];
    private readonly SessionPlan? _fixedPlan;

    public WorkloadSource(Simulation simulation, CpmClient client, SessionPlan template, WorkloadDefinition workload)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _template = template ?? throw new ArgumentNullException(nameof(template));
        _workload = workload ?? throw new ArgumentNullException(nameof(workload));
        _arrivals = simulation.Random.For("workload/arrivals");
        _behaviour = simulation.Random.For("workload/behaviour");
        _recipients = simulation.Random.For("workload/recipients");
        UserBehaviour b = workload.Behaviour;
        bool fixedPlan = b.ChatMessages is null && b.ChatSize is null && b.ChatInterval is null && b.FileProbability is null &&
                         b.FileSize is null && b.HoldingTime is null && b.ReleaseAfter is null && b.PreR01Share is null && workload.Population is null;
        _fixedPlan = fixedPlan ? template : null;
    }

    /// <summary>Sessions started so far.</summary>
    public long Started { get; private set; }

    /// <summary>True once no more sessions will arrive.</summary>
    public bool Finished { get; private set; }

    /// <summary>
    /// Raised once, when no more sessions will arrive: in the handler of the last arrival, right after
    /// that session started (or in <see cref="Start"/> when none will). The end of a load run's
    /// observation window; the handler may snapshot statistics, as the clock stands at the last arrival.
    /// </summary>
    public event Action<Simulation>? ArrivalsEnded;

    /// <summary>Raised as each session starts, with its id and the virtual time in nanoseconds.</summary>
    public event Action<long, long>? SessionStarted;

    /// <summary>Schedules the first arrival.</summary>
    public void Start(Simulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ScheduleNext(simulation);
    }

    protected override void OnEvent(Simulation simulation, object? payload, long arg)
    {
        Started++;
        _client.StartSession(Started, _fixedPlan ?? DrawPlan());
        SessionStarted?.Invoke(Started, simulation.Now.Nanoseconds);
        ScheduleNext(simulation);
    }

    private void ScheduleNext(Simulation simulation)
    {
        long now = simulation.Now.Nanoseconds;
        if (_workload.Sessions is long max && Started >= max)
        {
            End(simulation);
            return;
        }

        long gap = _workload.Arrivals.NextGapNs(_arrivals, now);
        if (gap < 0 || (_workload.Duration is SimTime d && now + gap > d.Nanoseconds))
        {
            End(simulation);
            return;
        }

        simulation.Schedule(new SimTime(gap), this);
    }

    private void End(Simulation simulation)
    {
        Finished = true;
        ArrivalsEnded?.Invoke(simulation);
    }

    /// <summary>The next session's plan, drawn from the behaviour (internal for tests).</summary>
    internal SessionPlan DrawPlan()
    {
        UserBehaviour b = _workload.Behaviour;
        RandomStream r = _behaviour;
        IReadOnlyList<string> chat = _template.ChatMessages;
        if (b.ChatMessages is not null)
        {
            int n = (int)Math.Clamp(Math.Round(b.ChatMessages.Sample(r)), 0, UserBehaviour.MaxChatMessages);
            var texts = new string[n];
            for (int i = 0; i < n; i++)
            {
                int size = Math.Clamp((int)Math.Round(b.ChatSize?.Sample(r) ?? 40), 1, _chatCache.Length - 1);
                texts[i] = _chatCache[size] ??= new string('x', size);
            }

            chat = texts;
        }

        string recipient = _workload.Population is Population p ? p.AddressOf(_recipients.NextIndex(p.Recipients)) : _template.Recipient;
        return _template with
        {
            Recipient = recipient,
            ChatMessages = chat,
            ChatInterval = b.ChatInterval?.SampleTime(r) ?? _template.ChatInterval,
            AddFile = b.FileProbability is double f ? r.NextBernoulli(f) : _template.AddFile,
            FileSizeBytes = b.FileSize is null ? _template.FileSizeBytes : Math.Max(1, (long)Math.Round(b.FileSize.Sample(r))),
            ModifyAfter = b.HoldingTime?.SampleTime(r) ?? _template.ModifyAfter,
            ReleaseAfter = b.ReleaseAfter?.SampleTime(r) ?? _template.ReleaseAfter,
            ReattemptOnRejection = b.PreR01Share is double s ? r.NextBernoulli(s) : _template.ReattemptOnRejection,
        };
    }
}
