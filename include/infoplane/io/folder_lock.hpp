#pragma once
// An exclusive lock on an output folder for the lifetime of the object (flock(2) on
// FOLDER/.infoplane.lock, which holds the owner's process id), so that a second run into the
// same folder refuses to start, naming the process that holds it, instead of replacing the
// first one's results. The kernel releases the lock when the process ends, however it ends.
#include <string>

namespace infoplane {

class FolderLock {
 public:
  // Creates the folder if needed. Throws infoplane::Error naming the folder and the holder.
  explicit FolderLock(const std::string& folder);
  ~FolderLock();
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace infoplane
