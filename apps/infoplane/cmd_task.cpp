// `infoplane task`: builds a task and prints its summary (exact P(X,Y) quantities).
#include <cstdint>
#include <iomanip>
#include <iostream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "command_registry.hpp"
#include "infoplane/task/make_task.hpp"
#include "infoplane/task/task_information.hpp"
#include "parameter_flags.hpp"

namespace infoplane::cli {
namespace {

struct TaskOptions {
  std::unique_ptr<ParameterFlags> flags;  // task.rule, task.rule_seed
  bool json = false;
};

void run_task(const TaskOptions& opts) {
  RunConfig config;
  apply_flags(*opts.flags, config);
  const TaskSettings& t = config.train.task;
  const Task task = make_task(t.rule, t.rule_seed);
  const TaskSummary s = summarize(task);
  if (opts.json) {
    nlohmann::json out = {{"rule", task.name},          {"seed", t.rule_seed},
                          {"n_patterns", s.n_patterns}, {"n_inputs", s.n_inputs},
                          {"n_labels", s.n_labels},     {"n_classes", s.n_classes},
                          {"h_x_bits", s.h_x_bits},     {"h_y_bits", s.h_y_bits},
                          {"i_xy_bits", s.i_xy_bits},   {"p_y1", s.p_y1}};
    nlohmann::json params = nlohmann::json::object();
    for (const auto& [key, value] : task.parameters) params[key] = value;
    out["parameters"] = params;
    for (const char* key : {"theta", "gamma"}) {
      if (auto it = task.parameters.find(key); it != task.parameters.end()) out[key] = it->second;
    }
    std::cout << out.dump(2) << "\n";
    return;
  }
  std::cout << std::setprecision(8);
  std::cout << "task " << task.name << "\n"
            << "  patterns     " << s.n_patterns << " (" << s.n_inputs << " inputs, "
            << s.n_labels << " labels)\n"
            << "  classes      " << s.n_classes << "\n"
            << "  H(X)         " << s.h_x_bits << " bits\n"
            << "  H(Y)         " << s.h_y_bits << " bits\n"
            << "  I(X;Y)       " << s.i_xy_bits << " bits\n"
            << "  p(y=1)       " << s.p_y1 << "\n";
  for (const auto& [key, value] : task.parameters) {
    std::cout << "  " << std::left << std::setw(12) << key << " " << value << "\n";
  }
}

const CommandRegistration kRegistration("task", [](CLI::App& app) {
  auto opts = std::make_shared<TaskOptions>();
  CLI::App* sub = app.add_subcommand("task", "Build a task and print its exact P(X,Y) summary");
  opts->flags = std::make_unique<ParameterFlags>(sub, std::vector<std::string>{"task"},
                                                 std::vector<std::string>{"task.train_fraction"});
  opts->flags->option("task.rule")->required();
  sub->add_flag("--json", opts->json, "print one JSON object");
  sub->callback([opts] { run_task(*opts); });
});

}  // namespace
}  // namespace infoplane::cli
