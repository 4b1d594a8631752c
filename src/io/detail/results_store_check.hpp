#pragma once
// Content rules a results file must meet after its shapes matched (docs/file-format.md): what
// the writer can never produce is damage, refused with a message naming the dataset.
#include <string>

#include "infoplane/results/run_results.hpp"

namespace infoplane::detail {

// Throws infoplane::Error "<file>: dataset '<path>': <what was expected>" when
//  - layers/widths is empty or holds a width < 1;
//  - epochs/recorded is not strictly increasing from >= 0, or is empty while
//    information-plane series exist;
//  - ib/layer_beta/epochs is not a strictly increasing subset of epochs/recorded;
//  - the gradient datasets (mean_norm, std_norm, weight_norm) are not all present or all
//    absent, or a loss comes without its accuracy (train_*, test_*) or the other way round.
void check_results_contents(const std::string& file, const RunResults& r);

}  // namespace infoplane::detail
