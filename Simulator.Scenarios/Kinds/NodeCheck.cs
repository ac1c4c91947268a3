using CpmSim.Scenarios.Files;
using YamlDotNet.RepresentationModel;

namespace CpmSim.Scenarios.Kinds;

/// <summary>
/// What a node kind's load-time check sees: the node's values and where they were written. An error it
/// reports carries the file, line and column of the key (or of the node when the key is not written),
/// and joins every other error of the file.
/// </summary>
public sealed class NodeCheck
{
    private readonly YamlDoc _doc;
    private readonly YamlMappingNode _node;

    internal NodeCheck(YamlDoc doc, YamlMappingNode node, string name, NodeOptions options)
    {
        _doc = doc;
        _node = node;
        Name = name;
        Options = options;
    }

    /// <summary>The node's name as declared.</summary>
    public string Name { get; }

    /// <summary>How errors name the node: <c>node 'NAME'</c>.</summary>
    public string What => $"node '{Name}'";

    /// <summary>The values read (a wrong value has none: its error is already reported).</summary>
    public NodeOptions Options { get; }

    /// <summary>Whether the file writes <paramref name="key"/> for this node (even with a wrong value).</summary>
    public bool IsWritten(string key) => YamlDoc.Child(_node, key) is not null;

    /// <summary>Reports an error at <paramref name="key"/>'s value, or at the node when the key is null or not written.</summary>
    public void Error(string? key, string message, string? hint = null) =>
        _doc.Error(key is not null && YamlDoc.Child(_node, key) is YamlNode at ? at : _node, message, hint);
}
