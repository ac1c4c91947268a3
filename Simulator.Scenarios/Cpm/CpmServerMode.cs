namespace CpmSim.Scenarios.Cpm;

/// <summary>The role the CPM server of the interworking network plays (seed NOTE 1).</summary>
public enum CpmServerMode
{
    /// <summary>The interworking network is the originating or terminating network: a proxy on the path.</summary>
    Participating,

    /// <summary>The interworking network is the controlling network: a B2BUA anchoring the media (NOTE 2).</summary>
    Controlling,
}
