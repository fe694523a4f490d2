package io.cirstream.core.combiner;

/**
 * A tensor storage named by a {@code torch.save} checkpoint's persistent id {@code ('storage', type, key, location,
 * numel)}: its raw bytes are the archive entry {@code data/<key>}.
 *
 * @param storageType PyTorch's storage class name, e.g. {@code FloatStorage}
 * @param key the archive entry name under {@code data/}
 * @param location where the tensor lived when saved, e.g. {@code cpu} or {@code cuda:0}
 * @param elementCount the storage's size in elements
 */
record StorageRef(String storageType, String key, String location, long elementCount) {}
